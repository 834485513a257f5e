import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import {
  buildSchema,
  execute,
  type GraphQLError,
  type GraphQLFormattedError,
  MaxIntrospectionDepthRule,
  parse,
  Source,
  specifiedRules,
  validate,
} from "graphql";

/**
 * A GraphQL endpoint with every weakness graphql-cop looks for (GraphiQL page, GET and form posts,
 * unbounded batches, no document limits, suggestions, introspection, tracing, stack traces in
 * errors). It is the control of the graphql-cop suite: each probe must report it, or the probe
 * could never fail.
 */
export async function startVulnerableGraphqlServer(): Promise<{ url: string; close(): Promise<void> }> {
  // More than 25 types: graphql-cop's circular-introspection verdict counts them.
  const types = Array.from({ length: 30 }, (_, index) => `type Thing${index} { name: String }`);
  const things = types.map((_, index) => `thing${index}: Thing${index}`).join(" ");
  const schema = buildSchema(
    `type Query { hello: String ${things} } type Mutation { noop: String } ${types.join(" ")}`,
  );
  const rootValue = { hello: () => "world", noop: () => "done" };
  // Servers on graphql < 16.9 had no introspection depth limit.
  const rules = specifiedRules.filter((rule) => rule !== MaxIntrospectionDepthRule);

  const formatted = (error: GraphQLError): GraphQLFormattedError => ({
    ...error.toJSON(),
    extensions: { exception: { stacktrace: (error.stack ?? "").split("\n") } },
  });
  const run = (query: string) => {
    try {
      const document = parse(new Source(query));
      const errors = validate(schema, document, rules);
      if (errors.length > 0) return { errors: errors.map(formatted) };
      const result = execute({ schema, document, rootValue }) as { data?: unknown; errors?: GraphQLError[] };
      return { data: result.data, extensions: { tracing: { version: 1 } } };
    } catch (error) {
      return { errors: [formatted(error as GraphQLError)] };
    }
  };
  const bodyOf = async (request: IncomingMessage) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  };

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname === "/graphiql") {
      response.writeHead(200, { "content-type": "text/html" }).end("<title>GraphiQL</title>");
      return;
    }
    const body = request.method === "POST" ? await bodyOf(request) : "";
    let answer: unknown;
    const fromQueryString = url.searchParams.get("query");
    if (fromQueryString !== null) answer = run(fromQueryString);
    else if (request.headers["content-type"]?.startsWith("application/x-www-form-urlencoded")) {
      answer = run(new URLSearchParams(body).get("query") ?? "");
    } else {
      const parsed = JSON.parse(body || "{}") as { query: string } | Array<{ query: string }>;
      answer = Array.isArray(parsed) ? parsed.map((operation) => run(operation.query)) : run(parsed.query);
    }
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(answer));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
