import { z } from "zod";
import { Environment, KeyModule, Permission, RevocationCause } from "../generated/prisma/enums.ts";
import { isValidIpAllowlistEntry } from "../verification/ip-allowlist.ts";
import { knownScopes } from "./scope-catalogue.ts";

const isControlCharacter = (character: string) => {
  const code = character.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
};

export const expiryPresets = { DAYS_30: 30, DAYS_60: 60, DAYS_90: 90 } as const;
export type ExpiryPreset = keyof typeof expiryPresets;

const name = z
  .string()
  .trim()
  .min(1, "Name must not be empty")
  .max(100, "Name must be at most 100 characters")
  .refine((value) => ![...value].some(isControlCharacter), "Name must not contain control characters");

/** The create form (seed 001) plus description, workspaces, rate limit and purpose. */
export const createKeyInput = z
  .object({
    name,
    description: z.string().trim().max(500, "Description must be at most 500 characters").nullish(),
    module: z.enum(KeyModule),
    permissions: z
      .array(z.enum(Permission))
      .min(1, "Choose at least one permission")
      .max(4)
      .transform((values) => [...new Set(values)]),
    scopes: z
      .array(z.string().refine((scope) => knownScopes.has(scope), { message: "Unknown scope" }))
      .max(20)
      .default([])
      .transform((values) => [...new Set(values)]),
    environment: z.enum(Environment),
    expiresInDays: z.enum(["DAYS_30", "DAYS_60", "DAYS_90"]).nullish(),
    expiresAt: z.date().nullish(),
    ipAllowlist: z
      .array(z.string().trim())
      .max(50, "At most 50 IP allowlist entries")
      .default([])
      .refine((entries) => entries.every(isValidIpAllowlistEntry), {
        message: "IP allowlist entries must be IP addresses or CIDR ranges",
      }),
    workspaceIds: z.array(z.string().min(1)).max(100).default([]),
    rateLimitPerMinute: z.number().int().min(1).max(1_000_000).nullish(),
    purpose: z.string().trim().max(300, "Purpose must be at most 300 characters").nullish(),
  })
  .refine((input) => !(input.expiresInDays && input.expiresAt), {
    message: "Give either an expiry preset or a date, not both",
    path: ["expiresAt"],
  });

export type CreateKeyInput = z.input<typeof createKeyInput>;
export type ValidCreateKeyInput = z.output<typeof createKeyInput>;

/** Causes only rotation and regeneration record: they name a successor key a manual revoke never has. */
export const successorCauses: readonly RevocationCause[] = ["ROTATED", "REGENERATED"];

export const revokeKeyInput = z.object({
  cause: z
    .enum(RevocationCause)
    .default("MANUAL")
    .refine((cause) => !successorCauses.includes(cause), {
      message: "ROTATED and REGENERATED are recorded by rotateApiKey and regenerateApiKey only",
    }),
  note: z.string().trim().max(500, "Note must be at most 500 characters").nullish(),
});

export const updateKeyInput = z.object({
  name: name.optional(),
  description: z.string().trim().max(500).nullish(),
  ipAllowlist: createKeyInput.shape.ipAllowlist.optional(),
  rateLimitPerMinute: z.number().int().min(1).max(1_000_000).nullish(),
});
