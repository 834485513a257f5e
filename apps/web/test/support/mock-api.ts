import type { SubscriptionForwarder } from "@urql/core";
import {
  execute,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  type OperationDefinitionNode,
  parse,
} from "graphql";
import { onTestFinished } from "vitest";
import { loadContractSchema } from "../../scripts/contract-schema.ts";

let contractSchema: GraphQLSchema | undefined;

/** The schema the SPA's documents are typed by: schema.graphql plus the pending contract. */
function schema(): GraphQLSchema {
  contractSchema ??= loadContractSchema().schema;
  return contractSchema;
}

/** A failure a fixture means to return (an auth error, a network-level denial…). */
export class ExpectedError extends GraphQLError {
  constructor(message: string, code: string) {
    super(message, { extensions: { code } });
  }
}

/** Root field name → what it returns for the given arguments. */
export type Fixtures = Record<string, (args: Record<string, unknown>) => unknown>;

export interface SentOperation {
  name: string;
  variables: Record<string, unknown>;
  credentials: RequestCredentials | undefined;
}

export interface MockApi {
  fetch: typeof fetch;
  forwardSubscription: SubscriptionForwarder;
  /** Every HTTP operation, in order. */
  sent: SentOperation[];
  operationNames(): string[];
  /** Pushes a subscription event to every open subscription on that root field. */
  publish(field: string, payload: unknown): void;
  /** Replaces or adds fixtures (e.g. what a refetch returns after a mutation). */
  set(fixtures: Fixtures): void;
}

interface OpenSubscription {
  document: ReturnType<typeof parse>;
  variables: Record<string, unknown>;
  field: string;
  next: (result: unknown) => void;
}

function rootField(operation: OperationDefinitionNode): string {
  const selection = operation.selectionSet.selections[0];
  return selection?.kind === "Field" ? selection.name.value : "";
}

/**
 * A GraphQL API for component tests that answers every operation by executing it against the
 * contract schema, with fixtures as root resolvers. A document that does not validate, a fixture
 * that lacks a non-null field or returns the wrong shape, or an operation without a fixture fails
 * the test: fixtures cannot drift from the schema unnoticed.
 */
export function createMockApi(initial: Fixtures): MockApi {
  const fixtures: Fixtures = { ...initial };
  const problems: string[] = [];
  const sent: SentOperation[] = [];
  const subscriptions = new Set<OpenSubscription>();

  onTestFinished(() => {
    if (problems.length > 0) throw new Error(`Mock API problems:\n${problems.join("\n")}`);
  });

  const rootValue = new Proxy(
    {},
    {
      get(_target, field: string) {
        const fixture = fixtures[field];
        if (!fixture) {
          return () => {
            throw new Error(`no fixture for root field ${field}`);
          };
        }
        return (args: Record<string, unknown>) => fixture(args);
      },
    },
  );

  const run = (document: ReturnType<typeof parse>, variables: Record<string, unknown>, root: unknown) => {
    const result = execute({ schema: schema(), document, variableValues: variables, rootValue: root });
    if (result instanceof Promise) throw new Error("fixtures must answer synchronously");
    for (const error of result.errors ?? []) {
      if (!(error.originalError instanceof ExpectedError))
        problems.push(`${error.message} (at ${error.path?.join(".")})`);
    }
    return {
      data: result.data,
      errors: result.errors?.map((error) => ({
        message: error.message,
        path: error.path,
        extensions:
          error.originalError instanceof GraphQLError ? error.originalError.extensions : error.extensions,
      })),
    };
  };

  const fetchFixture = async (_input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const body = JSON.parse(typeof init?.body === "string" ? init.body : "{}") as {
      query: string;
      operationName?: string;
      variables?: Record<string, unknown>;
    };
    const variables = body.variables ?? {};
    sent.push({ name: body.operationName ?? "", variables, credentials: init?.credentials });
    const document = parse(body.query);
    const result = run(document, variables, rootValue);
    return new Response(JSON.stringify(result), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  };

  const forwardSubscription: SubscriptionForwarder = (request) => ({
    subscribe(sink) {
      const document = parse(request.query ?? "");
      const operation = getOperationAST(document);
      const subscription: OpenSubscription = {
        document,
        variables: request.variables ?? {},
        field: operation ? rootField(operation) : "",
        next: (result) => sink.next(result as Parameters<typeof sink.next>[0]),
      };
      subscriptions.add(subscription);
      return { unsubscribe: () => subscriptions.delete(subscription) };
    },
  });

  return {
    fetch: fetchFixture as typeof fetch,
    forwardSubscription,
    sent,
    operationNames: () => sent.map((operation) => operation.name),
    publish(field, payload) {
      for (const subscription of subscriptions) {
        if (subscription.field === field) {
          subscription.next(run(subscription.document, subscription.variables, { [field]: payload }));
        }
      }
    },
    set(next) {
      Object.assign(fixtures, next);
    },
  };
}
