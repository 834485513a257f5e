export { createApiKey, type IssuedKey } from "./create-api-key.ts";
export type { KeyDependencies } from "./key-dependencies.ts";
export { grantsPermission, needsStepUp } from "./key-power.ts";
export { grantKeyWorkspace, revokeKeyWorkspace } from "./key-workspaces.ts";
export { offboardUser } from "./offboard-user.ts";
export { revokeApiKey } from "./revoke-api-key.ts";
export { rotateApiKey } from "./rotate-api-key.ts";
export { recommendedFirstScope, scopeCatalogue } from "./scope-catalogue.ts";
export { generateToken, hashToken, parseToken, withChecksum } from "./token-format.ts";
