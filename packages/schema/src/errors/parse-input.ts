import type { z } from "zod";
import { DomainError } from "./domain-error.ts";

/** A zod failure as the typed VALIDATION_FAILED error, one field issue per zod issue. */
export function validationFailed(error: z.ZodError): DomainError {
  const issues = error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  return new DomainError("VALIDATION_FAILED", issues.map((issue) => issue.message).join("; "), issues);
}

/** Validates input with a zod schema; failures become VALIDATION_FAILED with field issues. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw validationFailed(result.error);
}
