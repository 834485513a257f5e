import { z } from "zod";
import { systemActor } from "../audit/audit-actor.ts";
import { DomainError } from "../errors/index.ts";
import { parseInput } from "../errors/parse-input.ts";
import type { ApiKey } from "../generated/prisma/client.ts";
import { publishAlerts, raiseAlert } from "../policy/alerts.ts";
import type { KeyDependencies } from "./key-dependencies.ts";
import { publishKeyChanges } from "./publish-key-changes.ts";
import { revokeKeyAs } from "./revoke-api-key.ts";
import { hashToken, parseToken } from "./token-format.ts";

export const MAX_LEAK_REPORT_TOKENS = 100;

const noControlCharacters = (value: string) =>
  ![...value].some((character) => character.charCodeAt(0) < 0x20 || character.charCodeAt(0) === 0x7f);

const leakReportInput = z.object({
  tokens: z
    .array(z.string().max(512))
    .min(1, "Report at least one token")
    .max(MAX_LEAK_REPORT_TOKENS, `At most ${MAX_LEAK_REPORT_TOKENS} tokens per report`),
  source: z
    .string()
    .trim()
    .max(200, "source must be at most 200 characters")
    .refine(noControlCharacters, "source must not contain control characters")
    .nullish(),
});

/** What a reporter learns: counts only, never which token matched what. */
export interface LeakReportResult {
  received: number;
  revoked: number;
  ignored: number;
}

export interface LeakReportCounters {
  reports: number;
  tokens: number;
  /** Tokens refused by the format and checksum check alone (no hashing, no SQL). */
  malformed: number;
  hashes: number;
  /** SQL lookups of reported hashes (one per report with at least one well-formed token). */
  lookups: number;
  revoked: number;
}

export interface LeakReporter {
  report(rawInput: unknown, reporterIp: string | null): Promise<LeakReportResult>;
  readonly counters: Readonly<LeakReportCounters>;
}

/**
 * Anonymous leak reports (secret-scanning partners, people who found a key in public): a reported
 * token that is a live key is revoked at once (cause LEAKED, by the system), its owner alerted,
 * the revocation audited and published to every instance.
 */
export function createLeakReporter(deps: KeyDependencies): LeakReporter {
  const counters: LeakReportCounters = {
    reports: 0,
    tokens: 0,
    malformed: 0,
    hashes: 0,
    lookups: 0,
    revoked: 0,
  };

  async function revokeLeaked(
    key: Pick<ApiKey, "id" | "accountId">,
    source: string | null,
    ip: string | null,
  ) {
    const now = deps.clock.now();
    return deps.prisma.$transaction(async (tx) => {
      const revoker = {
        accountId: key.accountId,
        profileId: null,
        audit: { ...systemActor(key.accountId), ip },
      };
      let revoked: ApiKey;
      try {
        revoked = await revokeKeyAs(
          tx,
          revoker,
          key.id,
          "LEAKED",
          source ? `Reported leaked (source: ${source})` : "Reported leaked",
          now,
        );
      } catch (error) {
        // Revoked meanwhile (or reported twice at once): it is revoked once, by whoever came first.
        if (error instanceof DomainError && error.code === "KEY_REVOKED") return null;
        throw error;
      }
      const alert = await raiseAlert(
        tx,
        {
          accountId: key.accountId,
          apiKeyId: key.id,
          profileId: revoked.ownerId,
          kind: "KEY_LEAKED",
          severity: "CRITICAL",
          message: `Your API key ${revoked.name} (${revoked.displayHint ?? "no hint"}) was reported leaked and has been revoked. Create a replacement and remove the old key wherever it was used.`,
          data: { source },
          dedupeKey: `KEY_LEAKED:${key.id}`,
        },
        revoker.audit,
        "LEAKED",
        now,
      );
      return { key: revoked, alert };
    });
  }

  return {
    counters,
    async report(rawInput, reporterIp) {
      const input = parseInput(leakReportInput, rawInput);
      counters.reports += 1;
      counters.tokens += input.tokens.length;
      const hashes = new Set<string>();
      for (const token of input.tokens) {
        // Format and checksum first: garbage costs neither a hash nor a query.
        if (parseToken(token) === null) {
          counters.malformed += 1;
          continue;
        }
        counters.hashes += 1;
        hashes.add(hashToken(token));
      }
      const received = input.tokens.length;
      if (hashes.size === 0) return { received, revoked: 0, ignored: received };

      counters.lookups += 1;
      const live = await deps.prisma.apiKey.findMany({
        where: { hash: { in: [...hashes] }, status: "ACTIVE" },
        select: { id: true, accountId: true },
      });
      let revoked = 0;
      for (const key of live) {
        const result = await revokeLeaked(key, input.source ?? null, reporterIp);
        if (!result) continue;
        revoked += 1;
        counters.revoked += 1;
        publishKeyChanges(deps.events, [result.key], "REVOKED");
        publishAlerts(deps.events, [result.alert]);
      }
      return { received, revoked, ignored: received - revoked };
    },
  };
}
