import { z } from "zod";
import { ProfileStatus, Role } from "../generated/prisma/enums.ts";

/**
 * Sign-in bounds only, no policy: a password set before a policy change must still work. The cap
 * keeps a megabyte "password" away from argon2.
 */
export const signInInput = z.object({
  email: z.string().trim().min(1, "Enter your email address").max(320, "Use at most 320 characters"),
  password: z.string().min(1, "Enter your password").max(1024, "Use at most 1024 characters"),
});

/** The new password's policy is checked by changePassword (profiles.ts). */
export const changePasswordInput = z.object({
  currentPassword: z.string().min(1, "Enter your current password").max(1024, "Use at most 1024 characters"),
  newPassword: z.string().max(1024, "Use at most 1024 characters"),
});

/** A 6-digit TOTP code or a recovery code (`abcd-efgh-ijkl-mnop`); spaces are ignored later. */
export const totpCodeInput = z.object({
  code: z.string().trim().min(1, "Enter the code").max(64, "Use at most 64 characters"),
});

export const setUserRoleInput = z.object({ userId: z.string().min(1), role: z.enum(Role) });

export const setUserStatusInput = z.object({ userId: z.string().min(1), status: z.enum(ProfileStatus) });

export const offboardUserInput = z.object({
  userId: z.string().min(1),
  reason: z
    .string()
    .trim()
    .max(1000, "Use at most 1000 characters")
    .nullish()
    .transform((reason) => (reason ? reason : null)),
});
