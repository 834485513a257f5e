/** The API as gateways and scripts call it, outside the browser. */

export interface VerifyAnswer {
  valid?: boolean;
  code?: string;
  keyId?: string;
  error?: { code: string; message: string };
}

/** POST /v1/keys/verify as a gateway: `bearer` holds keys:verify, `key` is the presented token. */
export async function postVerify(
  url: string,
  bearer: string,
  key: string,
): Promise<{ status: number; body: VerifyAnswer }> {
  const response = await fetch(`${url}/v1/keys/verify`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${bearer}` },
    body: JSON.stringify({ key }),
  });
  return { status: response.status, body: (await response.json()) as VerifyAnswer };
}

export interface GraphQLAnswer {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; path?: string[]; extensions?: { code?: string } }>;
}

/** POSTs a GraphQL document, with a session cookie ("keyward_session=…") when given. */
export async function postGraphQL(
  url: string,
  query: string,
  options: { variables?: Record<string, unknown>; cookie?: string } = {},
): Promise<{ status: number; body: GraphQLAnswer; setCookies: string[] }> {
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(options.cookie ? { cookie: options.cookie } : {}),
    },
    body: JSON.stringify({ query, variables: options.variables ?? {} }),
  });
  return {
    status: response.status,
    body: (await response.json()) as GraphQLAnswer,
    setCookies: response.headers.getSetCookie(),
  };
}

/** The stable codes of a response's GraphQL errors. */
export const errorCodes = (body: GraphQLAnswer) => (body.errors ?? []).map((error) => error.extensions?.code);
