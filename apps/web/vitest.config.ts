import { defineConfig } from "vitest/config";

export default defineConfig({
  // graphql 16 has no "exports" map: vite would load its .mjs build while Node loads the CommonJS
  // build for Pothos and yoga (the browser suite runs the real API), and two copies of graphql
  // cannot share a schema.
  resolve: { alias: [{ find: /^graphql$/, replacement: "graphql/index.js" }] },
  test: {
    name: "web",
    environment: "happy-dom",
    // Component tests run in happy-dom; the browser suite (e2e/) opts into node with a docblock.
    include: ["test/**/*.test.{ts,tsx}", "e2e/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    // A loaded CI machine (two cores, every suite at once) renders slowly: 5 s is too tight.
    testTimeout: 30_000,
  },
});
