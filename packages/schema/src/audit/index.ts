export { type AuditActor, actorOf, systemActor } from "./audit-actor.ts";
export { auditEventHash, canonicalJson, GENESIS_HASH } from "./audit-hash.ts";
export { type AuditEntry, recordAuditEvent } from "./record-audit-event.ts";
export { type AuditChainStatus, verifyAuditChain } from "./verify-audit-chain.ts";
