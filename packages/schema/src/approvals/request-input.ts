import { z } from "zod";
import { Environment } from "../generated/prisma/enums.ts";
import { createKeyInput } from "../keys/key-input.ts";
import { hasControlCharacter } from "./tool-input.ts";

/** The request drawer of seed 004: a tool, an environment and a one-line purpose. */
export const keyRequestInput = z.object({
  toolId: z.string().min(1),
  environment: z.enum(Environment),
  purpose: z
    .string()
    .trim()
    .min(1, "Purpose is required")
    .max(300, "Purpose must be at most 300 characters")
    .refine((value) => !hasControlCharacter(value), "Purpose must be one line without control characters"),
  name: createKeyInput.shape.name.nullish(),
  /** Needed when the organisation requires an IP allowlist on production keys. */
  ipAllowlist: createKeyInput.shape.ipAllowlist,
});

export type ValidKeyRequestInput = z.output<typeof keyRequestInput>;

export const rejectKeyRequestInput = z.object({
  reason: z.string().trim().min(1, "A reason is required").max(500, "Reason must be at most 500 characters"),
});
