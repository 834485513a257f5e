import type { PrismaClient } from "../generated/prisma/client.ts";
import {
  type KeyCheckOutcome,
  type KeyConditions,
  keyCheckOutcomes,
  keyDenial,
} from "../verification/key-checks.ts";
import { type KeyRecord, toKeyRecord } from "../verification/key-record.ts";
import type { VerifyCode } from "../verification/verify-result.ts";

export interface KeyCapabilityAnswer {
  /** What a verification with these conditions would answer now (the rate limit aside). */
  allowed: boolean;
  code: VerifyCode;
  /** Every check that applies, passed or failed, in the verifier's order, in words. */
  reasons: string[];
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

function describe(outcome: KeyCheckOutcome, record: KeyRecord, asked: KeyConditions, lockedAt: Date | null) {
  const passed = outcome.denial === null;
  switch (outcome.check) {
    case "STATUS":
      return passed ? "The key is active" : `The key is ${record.status.toLowerCase()}`;
    case "LOCK":
      return passed
        ? null
        : `The key was locked after suspicious activity on ${day(lockedAt?.getTime() ?? 0)}`;
    case "EXPIRY":
      if (record.expiresAtMs === null) return "The key never expires";
      return passed
        ? `The key expires on ${day(record.expiresAtMs)}`
        : `The key expired on ${day(record.expiresAtMs)}`;
    case "ENVIRONMENT":
      return passed
        ? `The key belongs to ${record.environment.toLowerCase()}`
        : `The key belongs to ${record.environment.toLowerCase()}, not ${asked.environment?.toLowerCase()}`;
    case "IP_ALLOWLIST":
      if (asked.ip === undefined)
        return "The key only accepts the addresses of its IP allowlist: give an IP to check";
      return passed
        ? `${asked.ip} is in the key's IP allowlist`
        : `${asked.ip} is not in the key's IP allowlist`;
    case "WORKSPACE":
      return passed
        ? `The key reaches the workspace ${asked.workspace}`
        : `The key does not reach the workspace ${asked.workspace}`;
    case "PERMISSION":
      return passed ? `The key grants ${asked.permission}` : `The key does not grant ${asked.permission}`;
    case "SCOPE":
      return passed
        ? `The key holds the scope ${asked.scope}`
        : `The key does not hold the scope ${asked.scope}`;
  }
}

/**
 * "What can this key do?" without presenting it: the verifier's own checks (verification/key-checks)
 * applied to the stored key. Null when the key is not one of the account's.
 */
export async function keyCapabilities(
  prisma: Pick<PrismaClient, "apiKey">,
  accountId: string,
  keyId: string,
  asked: KeyConditions,
  now: Date,
): Promise<KeyCapabilityAnswer | null> {
  const key = await prisma.apiKey.findFirst({
    where: { id: keyId, accountId },
    include: {
      workspaces: { include: { workspace: { select: { id: true, slug: true, accountId: true } } } },
    },
  });
  if (!key) return null;
  const record = toKeyRecord({
    ...key,
    expiresAt: key.expiresAt === null ? null : key.expiresAt.toISOString(),
    locked: key.lockedAt !== null,
    workspaces: key.workspaces
      .map((grant) => grant.workspace)
      .filter((workspace) => workspace.accountId === accountId)
      .map((workspace) => ({ id: workspace.id, slug: workspace.slug })),
  });
  const nowMs = now.getTime();
  const code = keyDenial(record, asked, nowMs) ?? "VALID";
  const reasons = keyCheckOutcomes(record, asked, nowMs).flatMap((outcome) => {
    const reason = describe(outcome, record, asked, key.lockedAt);
    return reason === null ? [] : [reason];
  });
  if (code === "VALID" && key.rateLimitPerMinute !== null) {
    reasons.push(`Requests are limited to ${key.rateLimitPerMinute} per minute (not counted here)`);
  }
  return { allowed: code === "VALID", code, reasons };
}
