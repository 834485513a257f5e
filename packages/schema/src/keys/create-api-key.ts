import { usagePressureWarnings } from "../analytics/usage-pressure.ts";
import { actorOf } from "../audit/audit-actor.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { DomainError, notFound } from "../errors/index.ts";
import { parseInput } from "../errors/parse-input.ts";
import type { ApiKey, OrgPolicy } from "../generated/prisma/client.ts";
import type { Actor } from "../identity/viewer.ts";
import type { KeyDependencies } from "./key-dependencies.ts";
import { createKeyInput, expiryPresets, type ValidCreateKeyInput } from "./key-input.ts";
import { excessPower, needsStepUp } from "./key-power.ts";
import { publishKeyChanges } from "./publish-key-changes.ts";
import { generateToken } from "./token-format.ts";

const DAY = 86_400_000;

export interface IssuedKey {
  key: ApiKey;
  /** The secret: returned here once and never again. */
  token: string;
  warnings: string[];
}

export type PolicyLimits = Pick<OrgPolicy, "maxExpiryDays" | "requireIpAllowlistInProduction">;
const defaultPolicy: PolicyLimits = { maxExpiryDays: 365, requireIpAllowlistInProduction: false };

/** The account's policy limits (the defaults when it has no policy row). */
export async function policyLimits(
  prisma: KeyDependencies["prisma"],
  accountId: string,
): Promise<PolicyLimits> {
  return (await prisma.orgPolicy.findUnique({ where: { accountId } })) ?? defaultPolicy;
}

export function resolveExpiry(input: ValidCreateKeyInput, now: Date, policy: PolicyLimits): Date | null {
  const expiresAt = input.expiresInDays
    ? new Date(now.getTime() + expiryPresets[input.expiresInDays] * DAY)
    : (input.expiresAt ?? null);
  if (input.environment === "PRODUCTION" && !expiresAt) {
    throw new DomainError("EXPIRY_REQUIRED", "Production keys need an expiry (30, 60 or 90 days, or a date)");
  }
  if (expiresAt && expiresAt.getTime() <= now.getTime()) {
    throw new DomainError("VALIDATION_FAILED", "The expiry date must be in the future", [
      { path: "expiresAt", message: "must be in the future" },
    ]);
  }
  if (expiresAt && expiresAt.getTime() > now.getTime() + policy.maxExpiryDays * DAY) {
    throw new DomainError(
      "EXPIRY_TOO_LONG",
      `Keys may live at most ${policy.maxExpiryDays} days under the organisation's policy`,
    );
  }
  return expiresAt;
}

/** Checks every rule of DESIGN §5 that does not need the database. */
export function checkIssueRules(actor: Actor, input: ValidCreateKeyInput, policy: PolicyLimits): void {
  if (needsStepUp(input.permissions) && !actor.key && !actor.mfaVerified) {
    throw new DomainError(
      "MFA_REQUIRED",
      "Execute and Admin keys need a recent MFA verification: verify a TOTP code first",
    );
  }
  if (
    policy.requireIpAllowlistInProduction &&
    input.environment === "PRODUCTION" &&
    input.ipAllowlist.length === 0
  ) {
    throw new DomainError(
      "IP_ALLOWLIST_REQUIRED",
      "The organisation's policy requires an IP allowlist on production keys",
    );
  }
}

/** A key principal can never mint a key with more power than itself (DESIGN §7). */
export function checkKeyPrincipalPower(
  actor: Actor,
  input: ValidCreateKeyInput,
  expiresAt: Date | null,
): void {
  if (!actor.key) return;
  const excess = excessPower(
    {
      permissions: [...actor.key.permissions],
      scopes: actor.key.scopes,
      environment: actor.key.environment,
      expiresAt: actor.key.expiresAt,
      workspaceIds: actor.key.workspaceIds,
    },
    { ...input, expiresAt, workspaceIds: input.workspaceIds },
  );
  if (excess.length > 0) {
    throw new DomainError(
      "PRIVILEGE_ESCALATION",
      `A key cannot create a key with more power than itself (${excess.join(", ")})`,
    );
  }
}

/**
 * Issues a key. The owner is the caller unless `ownerId` names another profile of the account
 * (admins issuing for service accounts; the GraphQL layer authorises that).
 */
export async function createApiKey(
  deps: KeyDependencies,
  actor: Actor,
  rawInput: unknown,
  ownerId: string = actor.profileId,
): Promise<IssuedKey> {
  const input = parseInput(createKeyInput, rawInput);
  const now = deps.clock.now();
  const policy = await policyLimits(deps.prisma, actor.accountId);
  const expiresAt = resolveExpiry(input, now, policy);
  checkIssueRules(actor, input, policy);

  const owner = await deps.prisma.profile.findFirst({ where: { id: ownerId, accountId: actor.accountId } });
  if (!owner) throw notFound("Owner");
  if (owner.status !== "ACTIVE")
    throw new DomainError("INVALID_STATE", "Keys cannot be issued to an inactive profile");

  const workspaces = await deps.prisma.workspace.findMany({
    where: { accountId: actor.accountId, id: { in: input.workspaceIds } },
    select: { id: true },
  });
  if (workspaces.length !== new Set(input.workspaceIds).size) throw notFound("Workspace");

  checkKeyPrincipalPower(actor, input, expiresAt);

  const generated = generateToken(input.environment);
  const key = await deps.prisma.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        accountId: actor.accountId,
        name: input.name,
        description: input.description ?? null,
        ownerId: owner.id,
        createdById: actor.profileId,
        displayHint: generated.displayHint,
        hash: generated.hash,
        environment: input.environment,
        permissions: input.permissions,
        scopes: input.scopes,
        module: input.module,
        expiresAt,
        ipAllowlist: input.ipAllowlist,
        rateLimitPerMinute: input.rateLimitPerMinute ?? null,
        purpose: input.purpose ?? null,
        status: "ACTIVE",
        workspaces: {
          create: [...new Set(input.workspaceIds)].map((workspaceId) => ({
            workspaceId,
            grantedById: actor.profileId,
          })),
        },
      },
    });
    await recordAuditEvent(
      tx,
      actorOf(actor, actor.ip),
      {
        action: "apiKey.created",
        targetType: "ApiKey",
        targetId: created.id,
        data: {
          name: created.name,
          ownerId: created.ownerId,
          environment: created.environment,
          permissions: created.permissions,
          scopes: created.scopes,
          module: created.module,
          expiresAt: created.expiresAt?.toISOString() ?? null,
          workspaceIds: input.workspaceIds,
        },
      },
      now,
    );
    return created;
  });
  publishKeyChanges(deps.events, [key], "CREATED");

  const warnings = await usagePressureWarnings(deps.prisma, actor.accountId, now);
  return { key, token: generated.token, warnings };
}
