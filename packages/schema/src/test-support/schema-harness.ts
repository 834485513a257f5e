import { type ExecutionResult, execute, parse, subscribe } from "graphql";
import { createInProcessEventBus, type EventBus } from "../events/index.ts";
import { buildSchema } from "../graphql/build-schema.ts";
import type { SignInLimiter } from "../identity/sign-in-limiter.ts";
import type { TotpLimiter } from "../identity/totp-limiter.ts";
import type { Viewer } from "../identity/viewer.ts";
import { createManualClock } from "../runtime/clock.ts";
import type { TestDatabase } from "./test-databases.ts";

/** A Set-Cookie request of a resolver: a token to set, or null for "clear". */
export interface CookieWrite {
  token: string | null;
  expiresAt: Date | null;
}

export interface SchemaHarnessOptions {
  signInLimiter?: SignInLimiter;
  totpLimiter?: TotpLimiter;
}

export interface SchemaHarness {
  events: EventBus;
  clock: ReturnType<typeof createManualClock>;
  /** Every session-cookie write, in order, across runs. */
  cookies: CookieWrite[];
  run(document: string, viewer: Viewer | null, variables?: Record<string, unknown>): Promise<ExecutionResult>;
  /** Starts a subscription: its event stream, or the result that refused it. */
  subscribe(
    document: string,
    viewer: Viewer | null,
    variables?: Record<string, unknown>,
  ): Promise<AsyncGenerator<ExecutionResult> | ExecutionResult>;
}

/** Executes documents against the real schema and database, as a given viewer. */
export function createSchemaHarness(
  db: TestDatabase,
  start = new Date(),
  options: SchemaHarnessOptions = {},
): SchemaHarness {
  const events = createInProcessEventBus();
  const clock = createManualClock(start);
  const cookies: CookieWrite[] = [];
  const built = buildSchema({
    prisma: db.prisma,
    events,
    clock,
    config: { secret: "test-secret-test-secret-test-secret-0123", production: false },
    signInLimiter: options.signInLimiter,
    totpLimiter: options.totpLimiter,
  });
  const argsFor = (document: string, viewer: Viewer | null, variables: Record<string, unknown>) => ({
    schema: built.schema,
    document: parse(document),
    variableValues: variables,
    contextValue: built.createContext({
      viewer,
      ip: "127.0.0.1",
      userAgent: "vitest",
      sessionCookie: {
        set: (token: string, expiresAt: Date) => cookies.push({ token, expiresAt }),
        clear: () => cookies.push({ token: null, expiresAt: null }),
      },
    }),
  });
  return {
    events,
    clock,
    cookies,
    async run(document, viewer, variables = {}) {
      return execute(argsFor(document, viewer, variables));
    },
    subscribe(document, viewer, variables = {}) {
      return subscribe(argsFor(document, viewer, variables));
    },
  };
}

/** The error codes of a result, in order. */
export const errorCodesOf = (result: ExecutionResult) =>
  (result.errors ?? []).map((error) => String(error.extensions.code ?? error.message));

/** One root field of a result that must have no errors. */
export function dataOf<T>(result: ExecutionResult, field: string): T {
  if (result.errors) {
    throw new Error(`unexpected errors: ${result.errors.map((error) => error.message).join("; ")}`);
  }
  return result.data?.[field] as T;
}
