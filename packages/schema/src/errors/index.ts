export { DomainError, type FieldIssue, notFound } from "./domain-error.ts";
export { type ErrorCode, errorCodes } from "./error-codes.ts";
export { parseInput, validationFailed } from "./parse-input.ts";
