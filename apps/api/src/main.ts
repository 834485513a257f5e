import { createApp } from "./app.ts";
import { ConfigError, loadConfig } from "./env.ts";

try {
  const config = loadConfig();
  const app = await createApp(config);
  const url = await app.start();
  app.logger.info({ url }, "Keyward is ready");
  process.stdout.write(`\n  Keyward is ready at ${config.origin} (listening on ${url})\n\n`);
  let signals = 0;
  const shutdown = (signal: string) => {
    signals += 1;
    if (signals > 1) process.exit(1);
    app.logger.info({ signal }, "shutting down");
    app.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        app.logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
} catch (error) {
  if (error instanceof ConfigError || (error instanceof Error && error.name === "MigrationChecksumError")) {
    process.stderr.write(`\nKeyward cannot start: ${error.message}\n\n`);
    process.exit(1);
  }
  throw error;
}
