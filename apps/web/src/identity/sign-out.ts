import { useMutation } from "urql";
import { graphql } from "../graphql/graphql.ts";
import { useSession } from "../graphql/session-provider.tsx";

export const SignOutMutation = graphql(`
  mutation SignOut {
    signOut {
      __typename
      ... on KeywardError {
        code
        message
      }
    }
  }
`);

/** Ends the session on the server, then drops every cached byte of it in the browser. */
export function useSignOut(): { signOut: () => Promise<void>; signingOut: boolean } {
  const { resetSession } = useSession();
  const [{ fetching }, signOut] = useMutation(SignOutMutation);
  return {
    signingOut: fetching,
    async signOut() {
      await signOut({});
      // Whatever the answer, this tab must not keep showing the previous session's data.
      resetSession();
    },
  };
}
