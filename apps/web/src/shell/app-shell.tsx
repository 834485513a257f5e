import { EmptyState, LoadingState } from "@keyward/ui";
import { type ReactNode, Suspense, useEffect } from "react";
import { ViewerContext } from "../identity/viewer-context.ts";
import type { SignedInViewer } from "../identity/viewer-query.ts";
import { isAdminRole } from "../identity/viewer-role.ts";
import { Link, navigate, usePathname } from "../routing/router.tsx";
import { findRoute, homePath } from "../routing/routes.ts";
import { Page } from "./page.tsx";
import { pages } from "./pages.tsx";
import { Sidebar } from "./sidebar.tsx";

export interface AppShellProps {
  viewer: SignedInViewer;
}

/** The signed-in layout: sidebar navigation by role, and the current page. */
export function AppShell({ viewer }: AppShellProps) {
  const pathname = usePathname();
  const match = findRoute(pathname);
  const isAdmin = isAdminRole(viewer.role);

  useEffect(() => {
    if (pathname === "/") navigate(homePath(isAdmin), { replace: true });
  }, [pathname, isAdmin]);

  let content: ReactNode;
  if (!match) {
    content =
      pathname === "/" ? null : (
        <Page title="Page not found">
          <EmptyState
            title="There is no page at this address."
            action={<Link to={homePath(isAdmin)}>Go to the start page</Link>}
          />
        </Page>
      );
  } else if (match.route.surface === "admin" && !isAdmin) {
    content = (
      <Page title="Not available">
        <EmptyState
          title="This page is for administrators."
          description="Ask an administrator if you need access."
          action={<Link to={homePath(false)}>Go to my keys</Link>}
        />
      </Page>
    );
  } else {
    // Keyed by path: every navigation mounts the page afresh (focus moves to its heading).
    content = (
      <Suspense key={pathname} fallback={<LoadingState label="Loading the page…" />}>
        {pages[match.route.path]?.(match.params)}
      </Suspense>
    );
  }

  return (
    <ViewerContext.Provider value={viewer}>
      <div className="kw-shell">
        <a className="kw-skip-link" href="#main">
          Skip to content
        </a>
        <Sidebar isAdmin={isAdmin} />
        <main id="main" className="kw-main">
          {content}
        </main>
      </div>
    </ViewerContext.Provider>
  );
}
