import pino, { type DestinationStream, type Logger } from "pino";

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

/** The server's logger (NDJSON on stdout, or on `destination`: tests keep every line in a file). */
export function createLogger(level: string, instanceId: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { instance: instanceId },
    redact: { paths: redactedPaths, censor: "[redacted]" },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}

export type { Logger };
