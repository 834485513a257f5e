// The only module that reads environment variables (STYLE rule 8).
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { parseTrustedProxies } from "./http/client-address.ts";
import { type OidcConfig, parseOidcConfig } from "./sso/oidc-config.ts";

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default("0.0.0.0"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must start with postgres:// or postgresql://")
    .optional(),
  KEYWARD_DATA_DIR: z.string().default("./.keyward"),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "REDIS_URL must start with redis:// or rediss://")
    .optional(),
  KEYWARD_SECRET: z.string().min(32, "KEYWARD_SECRET must be at least 32 characters").optional(),
  KEYWARD_ADMIN_EMAIL: z.email().optional(),
  KEYWARD_ADMIN_PASSWORD: z
    .string()
    .min(12, "KEYWARD_ADMIN_PASSWORD must be at least 12 characters")
    .optional(),
  KEYWARD_ORIGIN: z.url().optional(),
  KEYWARD_WEB_DIST: z.string().optional(),
  KEYWARD_SEED_DEMO: z.enum(["true", "false"]).default("true"),
  KEYWARD_INSTANCE_ID: z.string().optional(),
  KEYWARD_OIDC_ISSUER: z.string().optional(),
  KEYWARD_OIDC_CLIENT_ID: z.string().optional(),
  KEYWARD_OIDC_CLIENT_SECRET: z.string().optional(),
  KEYWARD_OIDC_ROLE_CLAIM: z.string().optional(),
  KEYWARD_OIDC_ROLE_MAP: z.string().optional(),
  KEYWARD_OIDC_ACCOUNT: z.string().optional(),
  KEYWARD_OIDC_SCOPES: z.string().optional(),
  KEYWARD_TRUSTED_PROXIES: z.string().default(""),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  NODE_ENV: z.string().default("development"),
});

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  secret: string;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  origin: string;
  webDist: string;
  seedDemo: boolean;
  instanceId: string;
  logLevel: string;
  production: boolean;
  /** Proxies whose X-Forwarded-For is believed (addresses and CIDR ranges). */
  trustedProxies: string[];
  /** Single sign-on (OpenID Connect); null when not configured. */
  oidc: OidcConfig | null;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Reads and validates the configuration once, with messages that say what to fix. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const values = parsed.data;
  if (values.DATABASE_URL && !values.KEYWARD_SECRET) {
    throw new ConfigError(
      "KEYWARD_SECRET is required when DATABASE_URL is set: every instance must share the same secret.",
    );
  }
  if (Boolean(values.KEYWARD_ADMIN_EMAIL) !== Boolean(values.KEYWARD_ADMIN_PASSWORD)) {
    throw new ConfigError("Set both KEYWARD_ADMIN_EMAIL and KEYWARD_ADMIN_PASSWORD, or neither.");
  }
  const origin = values.KEYWARD_ORIGIN ?? `http://localhost:${values.PORT}`;
  const oidc = parseOidcConfig(
    {
      issuer: values.KEYWARD_OIDC_ISSUER,
      clientId: values.KEYWARD_OIDC_CLIENT_ID,
      clientSecret: values.KEYWARD_OIDC_CLIENT_SECRET,
      roleClaim: values.KEYWARD_OIDC_ROLE_CLAIM,
      roleMap: values.KEYWARD_OIDC_ROLE_MAP,
      account: values.KEYWARD_OIDC_ACCOUNT,
      scopes: values.KEYWARD_OIDC_SCOPES,
    },
    origin,
  );
  if (oidc.problems.length > 0) {
    throw new ConfigError(
      `Invalid single sign-on configuration:\n${oidc.problems.map((line) => `  ${line}`).join("\n")}`,
    );
  }
  if (oidc.config && values.NODE_ENV === "production" && !values.KEYWARD_ORIGIN) {
    throw new ConfigError(
      `KEYWARD_ORIGIN is required with single sign-on in production: the identity provider sends users back to <KEYWARD_ORIGIN>/auth/oidc/callback`,
    );
  }
  const trustedProxies = values.KEYWARD_TRUSTED_PROXIES.split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  try {
    parseTrustedProxies(trustedProxies);
  } catch (error) {
    throw new ConfigError(`KEYWARD_TRUSTED_PROXIES: ${(error as Error).message}`);
  }
  const dataDir = path.resolve(values.KEYWARD_DATA_DIR);
  return {
    port: values.PORT,
    host: values.HOST,
    databaseUrl: values.DATABASE_URL,
    dataDir,
    redisUrl: values.REDIS_URL,
    secret: values.KEYWARD_SECRET ?? localSecret(dataDir),
    adminEmail: values.KEYWARD_ADMIN_EMAIL?.toLowerCase(),
    adminPassword: values.KEYWARD_ADMIN_PASSWORD,
    origin,
    webDist: path.resolve(values.KEYWARD_WEB_DIST ?? path.join(import.meta.dirname, "../../web/dist")),
    seedDemo: values.KEYWARD_SEED_DEMO === "true",
    instanceId: values.KEYWARD_INSTANCE_ID ?? `${process.pid}`,
    logLevel: values.LOG_LEVEL,
    production: values.NODE_ENV === "production",
    trustedProxies,
    oidc: oidc.config,
  };
}

/** The embedded setup keeps a generated secret in the data folder (readable by its owner only). */
function localSecret(dataDir: string): string {
  const file = path.join(dataDir, "secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}
