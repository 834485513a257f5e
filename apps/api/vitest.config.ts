import { defineConfig } from "vitest/config";

export default defineConfig({
  // graphql 16 has no "exports" map: vite would load its .mjs build while Node loads the CommonJS
  // build for Pothos and yoga, and two copies of graphql cannot share a schema.
  resolve: { alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }] },
  test: {
    name: "api",
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 90_000,
  },
});
