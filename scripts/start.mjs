// `npm start`: install, generate, build the SPA, then serve API + SPA (embedded PGlite unless
// DATABASE_URL is set). A second start reuses the data in KEYWARD_DATA_DIR (default ./.keyward).
import { spawn } from "node:child_process";
import path from "node:path";
import { buildWeb, generateClients, installDependencies, root, step } from "./workspace-setup.mjs";

const steps = 4;
step(steps, "Installing dependencies (pnpm, pinned)", installDependencies);
step(steps, "Generating the Prisma client", generateClients);
step(steps, "Building the web app", buildWeb);
step(steps, "Starting Keyward (migrations run at start-up)", () => {});

const server = spawn(process.execPath, ["--import", "tsx", path.join(root, "apps/api/src/main.ts")], {
  cwd: root,
  stdio: "inherit",
  env: process.env,
});
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => server.kill(signal));
server.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
