export { DomainError, type FieldIssue, notFound } from "./domain-error.ts";
export { type ErrorCode, errorCodes } from "./error-codes.ts";
