import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The API listens on port 4000 in development; the SPA talks to it through this proxy so the
// session cookie stays first-party.
const apiOrigin = "http://localhost:4000";

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      "/graphql": { target: apiOrigin, ws: true },
      "/v1": { target: apiOrigin },
    },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
  },
});
