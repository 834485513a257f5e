import { Link } from "../routing/router.tsx";
import { type AppRoute, adminRoutes, consoleRoutes } from "../routing/routes.ts";

function NavGroup(props: { title: string; routes: readonly AppRoute[] }) {
  const titleId = `nav-${props.title.toLowerCase()}`;
  return (
    <div className="kw-nav-group">
      <h2 id={titleId} className="kw-nav-group__title">
        {props.title}
      </h2>
      <ul aria-labelledby={titleId}>
        {props.routes.map((route) => (
          <li key={route.path}>
            <Link to={route.path} className="kw-nav-link">
              {route.title}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function Sidebar(props: { isAdmin: boolean }) {
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
    </aside>
  );
}
