import { randomBytes } from "node:crypto";
import type { PrismaClient } from "../generated/prisma/client.ts";

export interface FirstBootOptions {
  adminEmail?: string | undefined;
  adminPassword?: string | undefined;
  /** Seed the demo account when no admin is configured (default true). */
  demo?: boolean;
}

export type FirstBootResult =
  | { seeded: "none" }
  | { seeded: "admin"; email: string }
  | { seeded: "demo"; email: string; password: string; developerEmail: string; developerPassword: string };

export interface SeedDependencies {
  prisma: PrismaClient;
  hashPassword(password: string): Promise<string>;
  /** Adds demo keys and activity once the account exists (see keys/seed-demo-keys.ts). */
  seedDemoKeys?(accountId: string): Promise<void>;
}

const generatedPassword = () => randomBytes(12).toString("base64url");

/**
 * On the first start against an empty database: the configured super_admin, or else a demo
 * account whose generated passwords are returned (and printed once by the caller).
 */
export async function seedFirstBoot(
  deps: SeedDependencies,
  options: FirstBootOptions,
): Promise<FirstBootResult> {
  const { prisma } = deps;
  if ((await prisma.account.count()) > 0) return { seeded: "none" };
  if (options.adminEmail && options.adminPassword) {
    const email = options.adminEmail.toLowerCase();
    await prisma.account.create({
      data: {
        slug: "default",
        name: "Default",
        policy: { create: {} },
        workspaces: { create: { slug: "default", name: "Default" } },
        profiles: {
          create: {
            email,
            displayName: "Administrator",
            role: "SUPER_ADMIN",
            passwordHash: await deps.hashPassword(options.adminPassword),
          },
        },
      },
    });
    return { seeded: "admin", email };
  }
  if (options.demo === false) return { seeded: "none" };
  const password = generatedPassword();
  const developerPassword = generatedPassword();
  const account = await prisma.account.create({
    data: {
      slug: "default",
      name: "Demo organisation",
      policy: { create: {} },
      workspaces: { create: { slug: "default", name: "Default" } },
      tools: {
        create: [
          { slug: "openai", displayName: "OpenAI", requiresApproval: true },
          { slug: "anthropic", displayName: "Anthropic", requiresApproval: false },
          { slug: "github", displayName: "GitHub", requiresApproval: false },
        ],
      },
    },
  });
  const workspace = await prisma.workspace.findFirstOrThrow({ where: { accountId: account.id } });
  await prisma.profile.create({
    data: {
      accountId: account.id,
      email: "admin@keyward.local",
      displayName: "Demo Admin",
      role: "SUPER_ADMIN",
      orgUnit: "Platform",
      passwordHash: await deps.hashPassword(password),
      workspaces: { create: { workspaceId: workspace.id } },
    },
  });
  await prisma.profile.create({
    data: {
      accountId: account.id,
      email: "developer@keyward.local",
      displayName: "Dana Developer",
      role: "USER",
      orgUnit: "Engineering",
      passwordHash: await deps.hashPassword(developerPassword),
      workspaces: { create: { workspaceId: workspace.id } },
    },
  });
  await prisma.profile.create({
    data: {
      accountId: account.id,
      kind: "SERVICE_ACCOUNT",
      displayName: "ci-runner",
      orgUnit: "Engineering",
      workspaces: { create: { workspaceId: workspace.id } },
    },
  });
  await deps.seedDemoKeys?.(account.id);
  return {
    seeded: "demo",
    email: "admin@keyward.local",
    password,
    developerEmail: "developer@keyward.local",
    developerPassword,
  };
}
