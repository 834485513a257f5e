import { Button, EmptyState, LoadingState } from "@keyward/ui";
import { useQuery } from "urql";
import { describeError } from "./graphql/describe-error.ts";
import { SignInPage, TotpChallengePage } from "./identity/sign-in-page.tsx";
import { ViewerQuery } from "./identity/viewer-query.ts";
import { AppShell } from "./shell/app-shell.tsx";

/** Decides between sign-in, the second factor and the app shell from who the API says is calling. */
export function App() {
  const [{ data, error, fetching }, refetchViewer] = useQuery({ query: ViewerQuery });

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
            action={
              <Button onClick={() => refetchViewer({ requestPolicy: "network-only" })}>Try again</Button>
            }
          />
        </div>
      </main>
    );
  }
  const viewer = data?.viewer;
  if (!viewer) return <SignInPage />;
  if (viewer.mfaPending) return <TotpChallengePage />;
  return <AppShell viewer={viewer} />;
}
