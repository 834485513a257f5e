import { isIP } from "node:net";
import { z } from "zod";

/** The longest `key` accepted: real tokens are 43 characters; anything much longer is not a key. */
export const MAX_PRESENTED_KEY_LENGTH = 200;

const environments = ["DEVELOPMENT", "SANDBOX", "STAGING", "PRODUCTION"] as const;
const permissions = ["READ", "WRITE", "EXECUTE", "ADMIN"] as const;
const modules = [
  "AGENTS_EXECUTION",
  "WORKFLOW_AUTOMATION",
  "GOVERNANCE",
  "SANDBOX",
  "DEMO_BUILDS",
  "INTEGRATIONS",
  "MONITORING_LOGS",
] as const;

/** Lower-case, runs of anything but letters and digits as one "_": "Monitoring & Logs" → "monitoring_logs". */
function normalizeName(value: string): string {
  return value
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_|_$/g, "");
}

/**
 * A closed set of names accepted the way people write them: the API's upper-case value, lower-case
 * ("production", "read"), display names ("Monitoring & Logs") and a few short aliases.
 */
function namedValue<T extends string>(label: string, values: readonly T[], aliases: Record<string, T> = {}) {
  const lookup = new Map<string, T>();
  for (const value of values) {
    lookup.set(value, value);
    lookup.set(normalizeName(value), value);
  }
  for (const [alias, value] of Object.entries(aliases)) lookup.set(normalizeName(alias), value);
  const message = `Unknown ${label}: expected one of ${values.map((value) => value.toLowerCase()).join(", ")}`;
  return z
    .string({ error: `${label} must be a string` })
    .max(64, message)
    .transform((value, context): T => {
      const found = lookup.get(value) ?? lookup.get(normalizeName(value));
      if (found === undefined) {
        context.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return found;
    });
}

const hasControlCharacter = (value: string) => {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
};

const boundedText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be a string` })
    .min(1, `${label} must not be empty`)
    .max(max, `${label} must be at most ${max} characters`)
    .refine((value) => !hasControlCharacter(value), `${label} must not contain control characters`);

/**
 * The body of `POST /v1/keys/verify` (DESIGN §6). Unknown fields are refused: a gateway that sends
 * `permissions` instead of `permission` must learn that its check is not being made. `null` counts
 * as absent.
 */
export const verifyRequestBody = z.strictObject({
  key: z
    .string({ error: (issue) => (issue.input === undefined ? "key is required" : "key must be a string") })
    .min(1, "key must not be empty")
    .max(MAX_PRESENTED_KEY_LENGTH, `key must be at most ${MAX_PRESENTED_KEY_LENGTH} characters`),
  workspace: boundedText("workspace", 200).nullish(),
  permission: namedValue("permission", permissions).nullish(),
  scope: boundedText("scope", 100).nullish(),
  environment: namedValue("environment", environments, {
    dev: "DEVELOPMENT",
    sbx: "SANDBOX",
    stg: "STAGING",
    prd: "PRODUCTION",
    prod: "PRODUCTION",
  }).nullish(),
  ip: z
    .string({ error: "ip must be a string" })
    .max(64, "ip must be an IPv4 or IPv6 address")
    .refine((value) => isIP(value) !== 0, "ip must be an IPv4 or IPv6 address")
    .nullish(),
  module: namedValue("module", modules).nullish(),
});

export type VerifyRequestBody = z.output<typeof verifyRequestBody>;

export interface FieldIssue {
  path: string;
  message: string;
}

/** zod issues as the `fieldIssues` of a VALIDATION_FAILED answer (one per unknown field). */
export function fieldIssuesOf(error: z.ZodError): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const name = key.length > 64 ? `${key.slice(0, 64)}…` : key;
        issues.push({ path: name, message: `Unknown field "${name}"` });
      }
    } else {
      issues.push({ path: issue.path.join("."), message: issue.message });
    }
  }
  return issues;
}
