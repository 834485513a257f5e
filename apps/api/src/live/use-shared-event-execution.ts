import type { Viewer } from "@keyward/schema";
import {
  createSourceEventStream,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
} from "graphql";
import type { Plugin } from "graphql-yoga";
import type { SocketCaller } from "../graphql/create-yoga.ts";

/** What the execution of one event depends on besides the event, from a graphql-ws context. */
interface SocketOperationContext {
  socketCaller?: SocketCaller;
  viewer?: Viewer | null;
  request?: { ip: string | null; userAgent: string | null };
  params?: { extensions?: unknown };
}

/** Sets as sorted lists (dates are ISO strings), so two viewers serialise equal exactly when every field is. */
function viewerField(_name: string, value: unknown): unknown {
  if (value instanceof Set) return [...value].sort();
  return value;
}

/**
 * graphql-ws subscriptions: each event is executed once per group of subscribers whose results
 * cannot differ, not once per subscriber. A group is one document with the same operation name,
 * variables and extensions, run by viewers equal in every field (account, profile, role, session
 * or key with its permissions, MFA state…) from the same address and user agent — everything the
 * context of an operation holds that is not shared by the whole server. Whether an event reaches
 * a subscriber at all is still decided per subscriber, by its stream (DESIGN §7), before this
 * runs; masking and the other result hooks still run per subscriber on the shared result.
 *
 * Events are executed with graphql-js's `execute` (the "ExecuteSubscriptionEvent" algorithm);
 * the subscription itself is created by graphql-js's `createSourceEventStream`, so the root
 * field's `subscribe` (its auth scopes and arguments) runs once, when the subscription starts.
 */
export function useSharedEventExecution(): Plugin {
  /** Per event (the payload object the bus delivered), the result of each group. */
  const executions = new WeakMap<object, Map<string, ExecutionResult | Promise<ExecutionResult>>>();
  const documentIds = new WeakMap<DocumentNode, number>();
  let nextDocumentId = 0;

  const documentId = (document: DocumentNode) => {
    let id = documentIds.get(document);
    if (id === undefined) {
      id = nextDocumentId++;
      documentIds.set(document, id);
    }
    return id;
  };

  const groupOf = (args: ExecutionArgs, context: SocketOperationContext) =>
    JSON.stringify(
      [
        documentId(args.document),
        args.operationName ?? null,
        args.variableValues ?? null,
        context.params?.extensions ?? null,
        context.request?.ip ?? null,
        context.request?.userAgent ?? null,
        context.viewer ?? null,
      ],
      viewerField,
    );

  return {
    onSubscribe({ args, setSubscribeFn }) {
      const context = args.contextValue as unknown as SocketOperationContext | undefined;
      // Only graphql-ws operations: their context is fixed for the life of the socket.
      if (context?.socketCaller === undefined) return;
      const group = groupOf(args, context);
      setSubscribeFn(async (subscribeArgs) => {
        const stream = await createSourceEventStream(subscribeArgs);
        if (!(Symbol.asyncIterator in stream)) return stream;
        return mapEvents(stream, (event) => {
          if (typeof event !== "object" || event === null)
            return execute({ ...subscribeArgs, rootValue: event });
          let results = executions.get(event);
          if (results === undefined) {
            results = new Map();
            executions.set(event, results);
          }
          let result = results.get(group);
          if (result === undefined) {
            result = execute({ ...subscribeArgs, rootValue: event });
            results.set(group, result);
          }
          return result;
        });
      });
    },
  };
}

/** The results of a source stream's events; closing it closes the source. */
function mapEvents(
  source: AsyncIterable<unknown>,
  map: (event: unknown) => ExecutionResult | Promise<ExecutionResult>,
): AsyncIterableIterator<ExecutionResult, undefined> {
  const iterator = source[Symbol.asyncIterator]();
  const finished = { value: undefined, done: true } as const;
  return {
    async next() {
      const step = await iterator.next();
      if (step.done === true) return finished;
      return { value: await map(step.value), done: false };
    },
    async return() {
      await iterator.return?.();
      return finished;
    },
    async throw(error: unknown) {
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
