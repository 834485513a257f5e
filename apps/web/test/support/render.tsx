import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { SessionProvider } from "../../src/graphql/session-provider.tsx";
import { ViewerContext } from "../../src/identity/viewer-context.ts";
import type { SignedInViewer } from "../../src/identity/viewer-query.ts";
import type { MockApi } from "./mock-api.ts";

/** Renders under a real urql client (graphcache included) talking to the mock API. */
export function renderWithApi(ui: ReactElement, api: MockApi) {
  return render(
    <SessionProvider
      options={{
        url: "http://localhost/graphql",
        fetch: api.fetch,
        forwardSubscription: api.forwardSubscription,
      }}
    >
      {ui}
    </SessionProvider>,
  );
}

/** Renders a page as the app shell does: with the signed-in viewer in context. */
export function renderSignedIn(ui: ReactElement, api: MockApi, viewer: SignedInViewer) {
  return renderWithApi(<ViewerContext.Provider value={viewer}>{ui}</ViewerContext.Provider>, api);
}
