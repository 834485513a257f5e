/**
 * The twelve checks of graphql-cop (github.com/dolevf/graphql-cop), rewritten as probes against a
 * running server: each sends graphql-cop's own request and applies its own verdict, so a finding
 * here is a finding graphql-cop would report. The two GET checks of graphql-cop (query over GET,
 * mutation over GET) are one check here; the unhandled-error check also looks for SQL and stacks.
 */

export interface CopFinding {
  /** true when the server accepted what the check probes for. */
  vulnerable: boolean;
  /** What the server answered (status and a short excerpt), for the failure message. */
  evidence: string;
}

export interface CopCheck {
  /** graphql-cop's test name. */
  id: string;
  title: string;
  probe(graphqlUrl: string): Promise<CopFinding>;
}

interface Answer {
  status: number;
  text: string;
  json: unknown;
}

async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON (an HTML page, an empty body): `json` stays null.
  }
  return { status: response.status, text, json };
}

/** POSTs `{ query }` as JSON, exactly like graphql-cop (no CSRF header, no cookie). */
const postQuery = (url: string, query: string) =>
  send(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query }),
  });

const record = (value: unknown): Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};

const dataOf = (answer: Answer) => record(record(answer.json).data);
const errorsOf = (answer: Answer): Array<Record<string, unknown>> => {
  const errors = record(answer.json).errors;
  return Array.isArray(errors) ? errors.map(record) : [];
};

const finding = (vulnerable: boolean, answer: Answer): CopFinding => ({
  vulnerable,
  evidence: `HTTP ${answer.status}: ${answer.text.slice(0, 300)}`,
});

/** A query graphql-cop reads back: `__typename` answered means the request was executed. */
const answeredTypename = (answer: Answer) => typeof dataOf(answer).__typename === "string";

export const graphqlCopChecks: readonly CopCheck[] = [
  {
    id: "alias_overloading",
    title: "Alias overloading (101 aliases)",
    async probe(url) {
      const aliases = Array.from({ length: 101 }, (_, index) => `alias${index}:__typename`).join("\n");
      const answer = await postQuery(url, `query { ${aliases} }`);
      return finding(dataOf(answer).alias100 !== undefined, answer);
    },
  },
  {
    id: "batch_query",
    title: "Array-based query batching (11 operations)",
    async probe(url) {
      const batch = Array.from({ length: 11 }, () => ({ query: "query { __typename }" }));
      const answer = await send(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(batch),
      });
      return finding(Array.isArray(answer.json) && answer.json.length >= 10, answer);
    },
  },
  {
    id: "field_duplication",
    title: "Field duplication (500 × __typename)",
    async probe(url) {
      const answer = await postQuery(url, `query { ${"__typename \n".repeat(500)}} `);
      return finding(answeredTypename(answer), answer);
    },
  },
  {
    id: "directive_overloading",
    title: "Directive overloading (10 × @aa)",
    async probe(url) {
      const answer = await postQuery(url, `query { __typename ${"@aa".repeat(10)} }`);
      // graphql-cop: one error per repeated directive means every one was processed.
      return finding(errorsOf(answer).length === 10, answer);
    },
  },
  {
    id: "circular_query_introspection",
    title: "Introspection-based circular query",
    async probe(url) {
      const answer = await postQuery(
        url,
        "query { __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }",
      );
      const types = record(dataOf(answer).__schema).types;
      return finding(Array.isArray(types) && types.length > 25, answer);
    },
  },
  {
    id: "introspection",
    title: "Introspection",
    async probe(url) {
      const answer = await postQuery(url, "query cop { __schema { types { name fields { name } } } }");
      return finding(dataOf(answer).__schema !== undefined && dataOf(answer).__schema !== null, answer);
    },
  },
  {
    id: "detect_graphiql",
    title: "GraphQL IDE (GraphiQL / Playground)",
    async probe(url) {
      const origin = new URL(url).origin;
      const heuristics = ["graphiql.min.css", "GraphQL Playground", "GraphiQL", "graphql-playground"];
      let last: Answer = { status: 0, text: "", json: null };
      for (const endpoint of ["/graphiql", "/playground", "/console", "/graphql"]) {
        last = await send(`${origin}${endpoint}`, { headers: { accept: "text/html" } });
        if (heuristics.some((word) => last.text.includes(word))) return finding(true, last);
      }
      return finding(false, last);
    },
  },
  {
    id: "field_suggestions",
    title: "Field suggestions",
    async probe(url) {
      const answer = await postQuery(url, "query { __schema { directive } }");
      const typo = await postQuery(url, "query { viewr { id } }");
      const messages = [...errorsOf(answer), ...errorsOf(typo)].map((error) => String(error.message));
      return finding(
        messages.some((message) => message.includes("Did you mean")),
        typo,
      );
    },
  },
  {
    id: "get_method_support",
    title: "Queries and mutations over GET (possible CSRF)",
    async probe(url) {
      const query = await send(`${url}?query=${encodeURIComponent("query {__typename}")}`);
      if (answeredTypename(query)) return finding(true, query);
      const mutation = await send(`${url}?query=${encodeURIComponent("mutation {__typename}")}`);
      return finding(answeredTypename(mutation), mutation);
    },
  },
  {
    id: "post_based_csrf",
    title: "POST url-encoded query (possible CSRF)",
    async probe(url) {
      const answer = await send(`${url}?query=${encodeURIComponent("query {__typename}")}`, {
        method: "POST",
      });
      const form = await send(url, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: `query=${encodeURIComponent("query {__typename}")}`,
      });
      return finding(
        answeredTypename(answer) || answeredTypename(form),
        answeredTypename(answer) ? answer : form,
      );
    },
  },
  {
    id: "trace_mode",
    title: "Trace mode / debug details",
    async probe(url) {
      const answer = await postQuery(url, "query { __typename }");
      const extensions = [
        record(record(answer.json).extensions),
        ...errorsOf(answer).map((e) => record(e.extensions)),
      ];
      const traced = extensions.some(
        (extension) => extension.tracing !== undefined || extension.exception !== undefined,
      );
      return finding(traced || /stacktrace/i.test(answer.text), answer);
    },
  },
  {
    id: "unhandled_error_detection",
    title: "Unhandled errors (exception, stack or SQL in the answer)",
    async probe(url) {
      const malformed = await postQuery(url, "qwerty cop { abc }");
      // A syntactically valid request whose resolver fails inside the database driver.
      const failing = await postQuery(url, '{ node(id: "not-base64-!!") { id } }');
      const leaks = (answer: Answer) =>
        errorsOf(answer).some((error) => record(error.extensions).exception !== undefined) ||
        /stacktrace|\bat .*\.(ts|js):\d+|prisma|SELECT |syntax error at/i.test(answer.text);
      return finding(leaks(malformed) || leaks(failing), leaks(malformed) ? malformed : failing);
    },
  },
];
