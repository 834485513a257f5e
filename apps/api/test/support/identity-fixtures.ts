import { hashPassword } from "@keyward/schema";
import type { Database } from "@keyward/schema/database";
import { seedAccount } from "@keyward/schema/test-support";
import { graphql } from "./test-server.ts";

export const testPassword = "correct horse battery staple";

let passwordHash: Promise<string> | undefined;

/** An account whose people (one per named role) sign in with `testPassword`. */
export async function seedPeople(prisma: Database["prisma"], roles: Parameters<typeof seedAccount>[1]) {
  passwordHash ??= hashPassword(testPassword);
  const seeded = await seedAccount(prisma, roles);
  await prisma.profile.updateMany({
    where: { accountId: seeded.accountId },
    data: { passwordHash: await passwordHash },
  });
  return seeded;
}

const SIGN_IN = `mutation ($input: SignInInput!) {
  signIn(input: $input) {
    __typename
    ... on SignInPayload { mfaRequired viewer { mfaPending } }
    ... on Error { code message }
  }
}`;

/** Signs in over HTTP; `cookie` is the value to send back in a Cookie header ("" when refused). */
export async function signInOverHttp(url: string, email: string, password = testPassword) {
  const response = await graphql(url, SIGN_IN, { input: { email, password } });
  const setCookies = response.headers.getSetCookie();
  const session = setCookies.find((header) => header.startsWith("keyward_session="));
  const cookie = session?.split(";", 1)[0] ?? "";
  return {
    ...response,
    setCookies,
    cookie,
    token: cookie.slice("keyward_session=".length),
    payload: response.body.data?.signIn as Record<string, unknown> | undefined,
  };
}

/** POSTs a document with a session cookie. */
export function graphqlWithCookie(
  url: string,
  cookie: string,
  query: string,
  variables: Record<string, unknown> = {},
) {
  return graphql(url, query, variables, cookie ? { cookie } : {});
}

/** The stable codes of a response's GraphQL errors. */
export const errorCodes = (body: { errors?: Array<{ extensions?: { code?: string } }> }) =>
  (body.errors ?? []).map((error) => error.extensions?.code);

/** A Profile's global id (Relay: base64 of "Profile:<id>"). */
export const profileGlobalId = (id: string) => Buffer.from(`Profile:${id}`).toString("base64");
