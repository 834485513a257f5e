import type {
  AlertKind,
  AlertSeverity,
  Environment,
  KeyModule,
  KeyStatus,
  Permission,
  ProfileStatus,
  Role,
} from "../generated/prisma/enums.ts";

/** One authentication or use of a key, as published live and written to KeyEvent. */
export interface KeyActivityEvent {
  accountId: string;
  keyId: string | null;
  ownerId: string | null;
  /** Display hint of the presented token (never the token). */
  presentedHint: string | null;
  workspaceId: string | null;
  module: KeyModule | null;
  action: string;
  /** A verification code (VALID, REVOKED, …). */
  result: string;
  ip: string | null;
  /** The permission the request asked for (permission insights); absent when none was asked. */
  permission?: Permission | null;
  /** The scope the request asked for. */
  scope?: string | null;
  occurredAt: Date;
  /**
   * A valid authentication of a gateway's own key on `POST /v1/keys/verify`: one per verification,
   * so the stored log keeps only the first of equal ones (same key, address, workspace, module,
   * permission and scope) in a batch; rollups, last use and the live stream still count each.
   */
  coalesce?: boolean;
}

export interface AuthFailureEvent {
  accountId: string;
  kind: "VERIFY" | "SIGN_IN" | "GRAPHQL_BEARER";
  code: string;
  keyId: string | null;
  ownerId: string | null;
  presentedHint: string | null;
  email: string | null;
  ip: string | null;
  occurredAt: Date;
}

export interface ApiKeyChangedEvent {
  accountId: string;
  keyId: string;
  ownerId: string;
  status: KeyStatus;
  environment: Environment;
  change: string;
}

export interface KeyRequestChangedEvent {
  accountId: string;
  keyId: string;
  requesterId: string;
  status: KeyStatus;
  change: string;
}

export interface UserChangedEvent {
  accountId: string;
  profileId: string;
  role: Role;
  status: ProfileStatus;
  change: string;
}

/** Every instance drops its cached records for these keys (revocation must reach all within 100 ms). */
export interface KeyInvalidationEvent {
  keyIds: string[];
}

/** Sessions or key principals that ended: live sockets authenticated by them are closed. */
export interface PrincipalEndedEvent {
  sessionIds: string[];
  keyIds: string[];
  profileIds: string[];
}

/** A governance alert was raised (policy evaluation or suspicious-activity detection). */
export interface AlertRaisedEvent {
  accountId: string;
  alertId: string;
  kind: AlertKind;
  severity: AlertSeverity;
  apiKeyId: string | null;
  /** Who should act (the key's owner); null for account-wide alerts (admins only). */
  profileId: string | null;
  message: string;
  createdAt: Date;
}

/** The one typed event map: topic → payload. */
export interface KeywardEvents {
  "key.activity": KeyActivityEvent;
  "auth.failure": AuthFailureEvent;
  "key.changed": ApiKeyChangedEvent;
  "keyRequest.changed": KeyRequestChangedEvent;
  "user.changed": UserChangedEvent;
  "key.invalidate": KeyInvalidationEvent;
  "principal.ended": PrincipalEndedEvent;
  "alert.raised": AlertRaisedEvent;
}

export type EventTopic = keyof KeywardEvents;
