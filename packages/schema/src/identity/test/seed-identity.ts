import { randomUUID } from "node:crypto";
import type { PrismaClient } from "../../generated/prisma/client.ts";
import type { ProfileKind, ProfileStatus, Role } from "../../generated/prisma/enums.ts";
import { hashPassword } from "../password-hashing.ts";

/** A fresh account for one test. */
export function seedAccount(prisma: PrismaClient) {
  const slug = `acme-${randomUUID().slice(0, 8)}`;
  return prisma.account.create({ data: { slug, name: slug } });
}

export interface SeedProfileOptions {
  email?: string | null;
  password?: string | null;
  role?: Role;
  status?: ProfileStatus;
  kind?: ProfileKind;
  ssoManaged?: boolean;
}

/** A profile with an argon2id password hash (the password is given back for sign-in tests). */
export async function seedProfile(prisma: PrismaClient, accountId: string, options: SeedProfileOptions = {}) {
  const password = options.password === undefined ? "correct horse battery staple" : options.password;
  const email = options.email === undefined ? `${randomUUID()}@example.test` : options.email;
  const profile = await prisma.profile.create({
    data: {
      accountId,
      email,
      displayName: email ?? "Service",
      role: options.role ?? "USER",
      status: options.status ?? "ACTIVE",
      kind: options.kind ?? "USER",
      ssoManaged: options.ssoManaged ?? false,
      passwordHash: password === null ? null : await hashPassword(password),
    },
  });
  return { profile, password };
}
