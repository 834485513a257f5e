export type Surface = "admin" | "console";

export interface AppRoute {
  path: string;
  title: string;
  surface: Surface;
}

export const adminRoutes: readonly AppRoute[] = [
  { path: "/admin", title: "Overview", surface: "admin" },
  { path: "/admin/keys", title: "API keys", surface: "admin" },
  { path: "/admin/users", title: "Users", surface: "admin" },
  { path: "/admin/requests", title: "Pending requests", surface: "admin" },
  { path: "/admin/policies", title: "Policies", surface: "admin" },
  { path: "/admin/usage", title: "Usage", surface: "admin" },
  { path: "/admin/activity", title: "Activity", surface: "admin" },
  { path: "/admin/audit", title: "Audit log", surface: "admin" },
  { path: "/admin/readiness", title: "Readiness", surface: "admin" },
];

export const consoleRoutes: readonly AppRoute[] = [
  { path: "/console/keys", title: "My keys", surface: "console" },
  { path: "/console/ai-keys", title: "My AI keys", surface: "console" },
  { path: "/console/security", title: "Security/MFA", surface: "console" },
];

export function findRoute(pathname: string): AppRoute | undefined {
  const normalized = pathname.length > 1 ? pathname.replace(/\/+$/, "") : pathname;
  return [...adminRoutes, ...consoleRoutes].find((route) => route.path === normalized);
}

/** Where "/" leads: admins land on the overview, everyone else on their keys. */
export function homePath(isAdmin: boolean): string {
  return isAdmin ? "/admin" : "/console/keys";
}
