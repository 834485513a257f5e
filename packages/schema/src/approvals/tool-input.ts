import { z } from "zod";

// `\p{Cc}` names the control-character class without spelling control characters out.
const hasControlCharacter = (value: string) => /\p{Cc}/u.test(value);

const slug = z
  .string()
  .trim()
  .toLowerCase()
  .min(1, "Slug must not be empty")
  .max(64, "Slug must be at most 64 characters")
  .regex(/^[a-z0-9]+(?:[-_.][a-z0-9]+)*$/, "Slug may hold letters, digits and single - _ . between them");

const displayName = z
  .string()
  .trim()
  .min(1, "Display name must not be empty")
  .max(100, "Display name must be at most 100 characters")
  .refine((value) => !hasControlCharacter(value), "Display name must not contain control characters");

/** A new catalogue entry. */
export const createToolInput = z.object({
  slug,
  displayName,
  requiresApproval: z.boolean().default(false),
});

/** Changes to a catalogue entry: only the fields given change. */
export const updateToolInput = z.object({
  slug: slug.optional(),
  displayName: displayName.optional(),
  requiresApproval: z.boolean().optional(),
});

export { hasControlCharacter };
