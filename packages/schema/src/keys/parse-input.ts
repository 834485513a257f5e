import type { z } from "zod";
import { DomainError } from "../errors/index.ts";

/** Validates input with a zod schema; failures become VALIDATION_FAILED with field issues. */
export function parseInput<Schema extends z.ZodType>(schema: Schema, input: unknown): z.output<Schema> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
  throw new DomainError("VALIDATION_FAILED", issues.map((issue) => issue.message).join("; "), issues);
}
