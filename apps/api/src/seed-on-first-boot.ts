import { hashPassword, seedDemoKeys, seedFirstBoot } from "@keyward/schema";
import type { Database } from "@keyward/schema/database";
import type { Config } from "./env.ts";
import type { Logger } from "./logger.ts";

/** Seeds an empty database and prints the generated demo credentials once, to the console only. */
export async function seedOnFirstBoot(database: Database, config: Config, logger: Logger) {
  let result: Awaited<ReturnType<typeof seedFirstBoot>>;
  try {
    result = await seedFirstBoot(
      {
        prisma: database.prisma,
        hashPassword,
        seedDemoKeys: (accountId) => seedDemoKeys(database.prisma, accountId),
      },
      { adminEmail: config.adminEmail, adminPassword: config.adminPassword, demo: config.seedDemo },
    );
  } catch (error) {
    // Instances started together on an empty database race to seed it; the first one wins (the
    // account is created in one statement) and the others find it seeded.
    if (isUniqueViolation(error)) {
      logger.info("another instance seeded the empty database");
      return;
    }
    throw error;
  }
  if (result.seeded === "admin") logger.info({ email: result.email }, "created the configured super_admin");
  if (result.seeded === "demo") {
    logger.info("seeded the demo account");
    // Printed once on purpose and never logged: it is the only copy of the generated password.
    process.stdout.write(
      [
        "",
        "  Demo account created (these passwords are shown only now):",
        `    admin      ${result.email}  /  ${result.password}`,
        `    developer  ${result.developerEmail}  /  ${result.developerPassword}`,
        "",
      ].join("\n"),
    );
  }
}

const isUniqueViolation = (error: unknown) =>
  typeof error === "object" && error !== null && "code" in error && error.code === "P2002";
