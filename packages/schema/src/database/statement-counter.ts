/** Called with the text of every SQL statement Prisma sends (benchmarks and N+1 tests count them). */
export type StatementListener = (sql: string) => void;

type Method = (...args: unknown[]) => unknown;

/** The same object, with `wrap` deciding what each of its methods becomes. */
function intercept<T extends object>(target: T, wrap: (name: string | symbol, method: Method) => Method): T {
  return new Proxy(target, {
    get(object, property) {
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === "function" ? wrap(property, (value as Method).bind(object)) : value;
    },
  });
}

/** A connection or transaction of a driver adapter, reporting each statement before it runs. */
function reporting<T extends object>(queryable: T, listener: StatementListener): T {
  return intercept(queryable, (name, method) => {
    if (name === "queryRaw" || name === "executeRaw") {
      return (query) => {
        listener((query as { sql: string }).sql);
        return method(query);
      };
    }
    if (name === "startTransaction") {
      return async (...args) => reporting((await method(...args)) as object, listener);
    }
    return method;
  });
}

/**
 * Wraps a Prisma driver adapter factory so that `listener` sees every statement of every
 * connection and transaction it opens. The adapter behaves exactly as before otherwise.
 */
export function reportStatements<F extends { connect(): Promise<object> }>(
  factory: F,
  listener: StatementListener,
): F {
  return intercept(factory, (name, method) =>
    name === "connect" ? async () => reporting((await method()) as object, listener) : method,
  );
}
