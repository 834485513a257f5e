import { Button, EmptyState, LoadingState } from "@keyward/ui";
import { gql, useQuery } from "urql";
import { describeError } from "./graphql/describe-error.ts";
import { SignInPage } from "./identity/sign-in-page.tsx";
import { isAdminViewer } from "./identity/viewer-role.ts";
import { AppShell } from "./shell/app-shell.tsx";

// `role` is read from the viewer when present (see isAdminViewer); until the schema exposes it,
// the document does not ask for it and everyone gets the Console only.
export const ViewerQuery = gql<{ viewer: { id: string } | null }>`
  query Viewer {
    viewer {
      id
    }
  }
`;

/** Decides between the sign-in page and the app shell from who the API says is calling. */
export function App() {
  const [{ data, error, fetching }, refetchViewer] = useQuery({ query: ViewerQuery });
  const reloadViewer = () => refetchViewer({ requestPolicy: "network-only" });

  if (fetching && !data) {
    return (
      <main className="kw-centered">
        <LoadingState label="Loading Keyward…" />
      </main>
    );
  }
  if (error && !data) {
    return (
      <main className="kw-centered">
        <div role="alert">
          <EmptyState
            title="Keyward could not load."
            description={describeError(error)}
            action={<Button onClick={reloadViewer}>Try again</Button>}
          />
        </div>
      </main>
    );
  }
  if (!data?.viewer) return <SignInPage onSignedIn={reloadViewer} />;
  return <AppShell isAdmin={isAdminViewer(data.viewer)} />;
}
