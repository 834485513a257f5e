import { hashPassword, seedDemoKeys, seedFirstBoot } from "@keyward/schema";
import type { Database } from "@keyward/schema/database";
import type { Config } from "./env.ts";
import type { Logger } from "./logger.ts";

/** Seeds an empty database and prints the generated demo credentials once, to the console only. */
export async function seedOnFirstBoot(database: Database, config: Config, logger: Logger) {
  const result = await seedFirstBoot(
    {
      prisma: database.prisma,
      hashPassword,
      seedDemoKeys: (accountId) => seedDemoKeys(database.prisma, accountId),
    },
    { adminEmail: config.adminEmail, adminPassword: config.adminPassword, demo: config.seedDemo },
  );
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
