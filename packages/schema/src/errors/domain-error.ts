import type { ErrorCode } from "./error-codes.ts";

export interface FieldIssue {
  path: string;
  message: string;
}

/** An expected failure of a domain operation: becomes a typed GraphQL error with its code. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fieldIssues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const notFound = (what: string) => new DomainError("NOT_FOUND", `${what} not found`);
