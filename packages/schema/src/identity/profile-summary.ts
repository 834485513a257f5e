import type { Prisma } from "../generated/prisma/client.ts";

/** The profile fields identity services hand out: never the password hash, TOTP secret or recovery codes. */
export const profileSummarySelect = {
  id: true,
  accountId: true,
  kind: true,
  email: true,
  displayName: true,
  role: true,
  orgUnit: true,
  status: true,
  lastSignInAt: true,
  ssoManaged: true,
  totpEnabledAt: true,
  createdAt: true,
  updatedAt: true,
} as const satisfies Prisma.ProfileSelect;

/** A profile without its secrets. */
export type ProfileSummary = Prisma.ProfileGetPayload<{ select: typeof profileSummarySelect }>;
