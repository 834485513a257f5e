import { graphql, type ResultOf } from "../graphql/graphql.ts";

export const UserRowFields = graphql(`
  fragment UserRowFields on Profile {
    id
    displayName
    email
    role
    orgUnit
    lastSignInAt
    status
    kind
    ssoManaged
  }
`);

export type UserRow = ResultOf<typeof UserRowFields>;
