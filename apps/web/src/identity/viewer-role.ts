/** Roles that reach the Admin surface; `user` reaches the Console only (DESIGN §4). */
const adminRoles = new Set([
  "super_admin",
  "user_admin",
  "billing_admin",
  "model_admin",
  "provider_admin",
  "mcp_admin",
]);

/**
 * Whether a viewer may see the Admin surface. The role is read defensively: the field may be
 * missing from the schema or the document, and GraphQL enums may be upper case. Anything
 * unrecognised is treated as a plain user; the API enforces access either way.
 */
export function isAdminViewer(viewer: object): boolean {
  const role = "role" in viewer ? viewer.role : undefined;
  return typeof role === "string" && adminRoles.has(role.toLowerCase());
}
