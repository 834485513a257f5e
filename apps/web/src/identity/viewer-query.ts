import { graphql, type ResultOf } from "../graphql/graphql.ts";

export const ViewerQuery = graphql(`
  query Viewer {
    viewer {
      id
      role
      mfaVerified
      mfaPending
      profile {
        id
        displayName
        email
        mfaEnabled
      }
    }
  }
`);

export type SignedInViewer = NonNullable<ResultOf<typeof ViewerQuery>["viewer"]>;
