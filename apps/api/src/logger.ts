import pino, { type Logger } from "pino";

/** Paths that may hold secrets: never written to logs. */
const redactedPaths = [
  "req.headers.authorization",
  "req.headers.cookie",
  "res.headers['set-cookie']",
  "token",
  "*.token",
  "password",
  "*.password",
  "secret",
  "*.secret",
];

export function createLogger(level: string, instanceId: string): Logger {
  return pino({
    level,
    base: { instance: instanceId },
    redact: { paths: redactedPaths, censor: "[redacted]" },
  });
}

export type { Logger };
