export { claimApiKey } from "./claim-api-key.ts";
export { type KeyRequestResult, requestApiKey } from "./request-api-key.ts";
export { requestedKeyDefaults } from "./request-defaults.ts";
export { approveKeyRequest, rejectKeyRequest } from "./review-key-request.ts";
export { availableToolsWhere, createTool, updateTool } from "./tool-catalogue.ts";
