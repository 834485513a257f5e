export type Surface = "admin" | "console";

export interface AppRoute {
  /** A path, with `:name` segments for parameters. */
  path: string;
  title: string;
  surface: Surface;
  /** Listed in the sidebar (detail pages are reached from their list). */
  inNav: boolean;
}

export const adminRoutes: readonly AppRoute[] = [
  { path: "/admin", title: "Overview", surface: "admin", inNav: true },
  { path: "/admin/keys", title: "API keys", surface: "admin", inNav: true },
  { path: "/admin/keys/:id", title: "API key", surface: "admin", inNav: false },
  { path: "/admin/users", title: "Users", surface: "admin", inNav: true },
  { path: "/admin/users/:id", title: "User", surface: "admin", inNav: false },
  { path: "/admin/requests", title: "Pending requests", surface: "admin", inNav: true },
  { path: "/admin/policies", title: "Policies", surface: "admin", inNav: true },
  { path: "/admin/usage", title: "Usage", surface: "admin", inNav: true },
  { path: "/admin/activity", title: "Activity", surface: "admin", inNav: true },
  { path: "/admin/audit", title: "Audit log", surface: "admin", inNav: true },
  { path: "/admin/readiness", title: "Readiness", surface: "admin", inNav: true },
  { path: "/admin/webhooks", title: "Webhooks", surface: "admin", inNav: true },
];

export const consoleRoutes: readonly AppRoute[] = [
  { path: "/console/keys", title: "My keys", surface: "console", inNav: true },
  { path: "/console/keys/:id", title: "My key", surface: "console", inNav: false },
  { path: "/console/ai-keys", title: "My AI keys", surface: "console", inNav: true },
  { path: "/console/security", title: "Security", surface: "console", inNav: true },
];

export interface RouteMatch {
  route: AppRoute;
  params: Record<string, string>;
}

function matchPath(pattern: string, pathname: string): Record<string, string> | undefined {
  const patternParts = pattern.split("/");
  const pathParts = pathname.split("/");
  if (patternParts.length !== pathParts.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of patternParts.entries()) {
    const actual = pathParts[index] ?? "";
    if (part.startsWith(":")) {
      if (!actual) return undefined;
      params[part.slice(1)] = decodeURIComponent(actual);
    } else if (part !== actual) return undefined;
  }
  return params;
}

export function findRoute(pathname: string): RouteMatch | undefined {
  const normalized = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  for (const route of [...adminRoutes, ...consoleRoutes]) {
    const params = matchPath(route.path, normalized);
    if (params) return { route, params };
  }
  return undefined;
}

/** Where "/" leads: admins land on the overview, everyone else on their keys. */
export function homePath(isAdmin: boolean): string {
  return isAdmin ? "/admin" : "/console/keys";
}

/** Builds a path from a pattern, e.g. `pathTo("/admin/keys/:id", { id })`. */
export function pathTo(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/:([a-z]+)/gi, (_match, name: string) => encodeURIComponent(params[name] ?? ""));
}
