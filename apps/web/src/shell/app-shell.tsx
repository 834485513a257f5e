import { EmptyState } from "@keyward/ui";
import { useEffect } from "react";
import { Link, navigate, usePathname } from "../routing/router.tsx";
import { findRoute, homePath } from "../routing/routes.ts";
import { Page } from "./page.tsx";
import { Sidebar } from "./sidebar.tsx";

export interface AppShellProps {
  isAdmin: boolean;
}

/** The signed-in layout: sidebar navigation by role, and the current page. */
export function AppShell({ isAdmin }: AppShellProps) {
  const pathname = usePathname();
  const route = findRoute(pathname);

  useEffect(() => {
    if (pathname === "/") navigate(homePath(isAdmin), { replace: true });
  }, [pathname, isAdmin]);

  return (
    <div className="kw-shell">
      <a className="kw-skip-link" href="#main">
        Skip to content
      </a>
      <Sidebar isAdmin={isAdmin} />
      <main id="main" className="kw-main">
        {!route ? (
          pathname === "/" ? null : (
            <Page title="Page not found">
              <EmptyState
                title="There is no page at this address."
                action={<Link to={homePath(isAdmin)}>Go to the start page</Link>}
              />
            </Page>
          )
        ) : route.surface === "admin" && !isAdmin ? (
          <Page title="Not available">
            <EmptyState
              title="This page is for administrators."
              description="Ask an administrator if you need access."
              action={<Link to={homePath(false)}>Go to my keys</Link>}
            />
          </Page>
        ) : (
          <Page title={route.title}>
            <EmptyState title={`${route.title} is coming soon.`} />
          </Page>
        )}
      </main>
    </div>
  );
}
