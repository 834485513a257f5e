import { usagePressureWarnings } from "../analytics/usage-pressure.ts";
import { actorOf } from "../audit/audit-actor.ts";
import { recordAuditEvent } from "../audit/record-audit-event.ts";
import { notFound } from "../errors/index.ts";
import { parseInput } from "../errors/parse-input.ts";
import type { ApiKey } from "../generated/prisma/client.ts";
import type { Actor } from "../identity/viewer.ts";
import { policyLimits } from "../keys/create-api-key.ts";
import type { KeyDependencies } from "../keys/key-dependencies.ts";
import { generateToken } from "../keys/token-format.ts";
import { publishRequestChange } from "./publish-request-changes.ts";
import { defaultRequestName, requiresReview } from "./request-defaults.ts";
import { keyRequestInput } from "./request-input.ts";
import { checkedToolKeySettings } from "./tool-key-settings.ts";

export interface KeyRequestResult {
  key: ApiKey;
  /** True when the key was issued at once; false when it waits for an admin (PENDING). */
  issued: boolean;
  /** The secret of an issued key, returned here once; null while the request is pending. */
  token: string | null;
  warnings: string[];
}

/**
 * A tool-first key request (seed 004). Issued at once unless the tool requires approval and the
 * environment is production: then a PENDING row without a secret waits for review, and the
 * requester claims the secret once it is approved.
 */
export async function requestApiKey(
  deps: KeyDependencies,
  actor: Actor,
  rawInput: unknown,
): Promise<KeyRequestResult> {
  const input = parseInput(keyRequestInput, rawInput);
  const now = deps.clock.now();
  const tool = await deps.prisma.tool.findFirst({ where: { id: input.toolId, accountId: actor.accountId } });
  if (!tool) throw notFound("Tool");
  const policy = await policyLimits(deps.prisma, actor.accountId);
  const { settings, expiresAt } = checkedToolKeySettings(
    actor,
    {
      name: input.name ?? defaultRequestName(tool, input.environment),
      environment: input.environment,
      ipAllowlist: input.ipAllowlist,
      purpose: input.purpose,
    },
    now,
    policy,
  );
  const review = requiresReview(tool, input.environment);
  const generated = review ? null : generateToken(settings.environment);

  const key = await deps.prisma.$transaction(async (tx) => {
    const created = await tx.apiKey.create({
      data: {
        accountId: actor.accountId,
        name: settings.name,
        ownerId: actor.profileId,
        createdById: actor.profileId,
        displayHint: generated?.displayHint ?? null,
        hash: generated?.hash ?? null,
        environment: settings.environment,
        permissions: settings.permissions,
        scopes: settings.scopes,
        module: settings.module,
        // A pending request's lifetime starts at claim (see request-defaults.ts).
        expiresAt: generated ? expiresAt : null,
        ipAllowlist: settings.ipAllowlist,
        purpose: input.purpose,
        toolId: tool.id,
        status: generated ? "ACTIVE" : "PENDING",
      },
    });
    await recordAuditEvent(
      tx,
      actorOf(actor, actor.ip),
      {
        action: generated ? "apiKey.created" : "keyRequest.submitted",
        targetType: "ApiKey",
        targetId: created.id,
        cause: "TOOL_REQUEST",
        data: {
          name: created.name,
          ownerId: created.ownerId,
          toolId: tool.id,
          toolSlug: tool.slug,
          environment: created.environment,
          purpose: input.purpose,
          permissions: created.permissions,
          module: created.module,
          expiresAt: created.expiresAt?.toISOString() ?? null,
        },
      },
      now,
    );
    return created;
  });
  publishRequestChange(deps.events, key, generated ? "ISSUED" : "REQUESTED");

  if (!generated) return { key, issued: false, token: null, warnings: [] };
  const warnings = await usagePressureWarnings(deps.prisma, actor.accountId, now);
  return { key, issued: true, token: generated.token, warnings };
}
