import { defineConfig } from "vitest/config";

// One run over every package's own vitest config, so one report counts all suites.
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "apps/*/vitest.config.ts"],
  },
});
