const GLOBAL_ID_PREFIX = "Workspace:";

/**
 * The workspace a verify request names: an id, a slug, or the GraphQL global id gateways copy from
 * the API (base64 of `Workspace:<id>`), which is decoded to the id.
 */
export function workspaceReference(value: string): string {
  // Global ids are base64 of at least "Workspace:" + an id; slugs and uuids never decode to that prefix.
  if (value.length < 16 || value.length > 120) return value;
  const decoded = Buffer.from(value, "base64").toString("utf8");
  return decoded.startsWith(GLOBAL_ID_PREFIX) && decoded.length > GLOBAL_ID_PREFIX.length
    ? decoded.slice(GLOBAL_ID_PREFIX.length)
    : value;
}
