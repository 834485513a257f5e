import { Button } from "@keyward/ui";
import { roleLabels } from "../format/labels.ts";
import { useSignOut } from "../identity/sign-out.ts";
import { useViewer } from "../identity/viewer-context.ts";
import { Link, usePathname } from "../routing/router.tsx";
import { type AppRoute, adminRoutes, consoleRoutes } from "../routing/routes.ts";

/** A section link stays current on its detail pages (/admin/keys/… keeps "API keys" marked). */
function isCurrent(route: AppRoute, pathname: string): boolean {
  if (pathname === route.path) return true;
  const isSectionRoot = route.path === "/admin";
  return !isSectionRoot && pathname.startsWith(`${route.path}/`);
}

function NavGroup(props: { title: string; routes: readonly AppRoute[] }) {
  const pathname = usePathname();
  const titleId = `nav-${props.title.toLowerCase()}`;
  return (
    <div className="kw-nav-group">
      <h2 id={titleId} className="kw-nav-group__title">
        {props.title}
      </h2>
      <ul aria-labelledby={titleId}>
        {props.routes
          .filter((route) => route.inNav)
          .map((route) => (
            <li key={route.path}>
              <Link
                to={route.path}
                className="kw-nav-link"
                aria-current={isCurrent(route, pathname) ? "page" : undefined}
              >
                {route.title}
              </Link>
            </li>
          ))}
      </ul>
    </div>
  );
}

export function Sidebar(props: { isAdmin: boolean }) {
  const viewer = useViewer();
  const { signOut, signingOut } = useSignOut();
  return (
    <aside className="kw-sidebar">
      <div className="kw-brand">
        <span className="kw-brand__mark" aria-hidden="true">
          K
        </span>
        Keyward
      </div>
      <nav aria-label="Main" className="kw-stack">
        {props.isAdmin ? <NavGroup title="Admin" routes={adminRoutes} /> : null}
        <NavGroup title="Console" routes={consoleRoutes} />
      </nav>
      <div className="kw-sidebar__footer">
        <div className="kw-account">
          <span className="kw-account__name">{viewer.profile?.displayName ?? "Signed in"}</span>
          {viewer.profile?.email ? <span className="kw-account__meta">{viewer.profile.email}</span> : null}
          <span className="kw-account__meta">{roleLabels[viewer.role]}</span>
        </div>
        <Button size="sm" onClick={signOut} disabled={signingOut}>
          {signingOut ? "Signing out…" : "Sign out"}
        </Button>
      </div>
    </aside>
  );
}
