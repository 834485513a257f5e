import { type ExecutionResult, execute, parse } from "graphql";
import { createInProcessEventBus, type EventBus } from "../events/index.ts";
import { buildSchema } from "../graphql/build-schema.ts";
import type { Viewer } from "../identity/viewer.ts";
import { createManualClock } from "../runtime/clock.ts";
import type { TestDatabase } from "./test-databases.ts";

export interface SchemaHarness {
  events: EventBus;
  clock: ReturnType<typeof createManualClock>;
  run(document: string, viewer: Viewer | null, variables?: Record<string, unknown>): Promise<ExecutionResult>;
}

/** Executes documents against the real schema and database, as a given viewer. */
export function createSchemaHarness(db: TestDatabase, start = new Date()): SchemaHarness {
  const events = createInProcessEventBus();
  const clock = createManualClock(start);
  const built = buildSchema({
    prisma: db.prisma,
    events,
    clock,
    config: { secret: "test-secret-test-secret-test-secret-0123", production: false },
  });
  return {
    events,
    clock,
    async run(document, viewer, variables = {}) {
      return execute({
        schema: built.schema,
        document: parse(document),
        variableValues: variables,
        contextValue: built.createContext({
          viewer,
          ip: "127.0.0.1",
          userAgent: "vitest",
          sessionCookie: { set() {}, clear() {} },
        }),
      });
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
