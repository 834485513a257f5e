import type { Viewer } from "../identity/viewer.ts";

/** Who performed an audited change. */
export interface AuditActor {
  accountId: string;
  actorId: string | null;
  actorKind: "USER" | "SERVICE_ACCOUNT" | "API_KEY" | "SYSTEM";
  viaKeyId: string | null;
  ip: string | null;
}

export function actorOf(viewer: Viewer, ip: string | null): AuditActor {
  return {
    accountId: viewer.accountId,
    actorId: viewer.profileId,
    actorKind: viewer.key ? "API_KEY" : "USER",
    viaKeyId: viewer.key?.id ?? null,
    ip,
  };
}

export function systemActor(accountId: string): AuditActor {
  return { accountId, actorId: null, actorKind: "SYSTEM", viaKeyId: null, ip: null };
}
