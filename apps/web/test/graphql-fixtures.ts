type Fixture = (variables: Record<string, unknown>) => unknown;

export interface FixtureFetch {
  fetch: typeof fetch;
  /** Operation names in the order they were sent. */
  operations: string[];
  /** Every request's `credentials` option, to check the session cookie is sent. */
  credentials: (RequestCredentials | undefined)[];
}

/**
 * A fetch that answers GraphQL operations by name with a JSON body (`{ data }` or `{ errors }`).
 * An operation without a fixture fails the test instead of hanging.
 */
export function fixtureFetch(fixtures: Record<string, Fixture>): FixtureFetch {
  const operations: string[] = [];
  const credentials: (RequestCredentials | undefined)[] = [];
  const fetchFixture = async (_input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const body: unknown = JSON.parse(typeof init?.body === "string" ? init.body : "{}");
    const request = body as { operationName?: string; variables?: Record<string, unknown> };
    const name = request.operationName ?? "";
    operations.push(name);
    credentials.push(init?.credentials);
    const fixture = fixtures[name];
    if (!fixture) throw new Error(`no fixture for operation ${name}`);
    return new Response(JSON.stringify(fixture(request.variables ?? {})), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  };
  return { fetch: fetchFixture as typeof fetch, operations, credentials };
}
