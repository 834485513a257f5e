// `npm run bench`: installs what is missing, then runs the benchmarks (bench/run-benchmarks.ts).
import { generateClients, installDependencies, pnpm, step } from "./workspace-setup.mjs";

step(3, "Installing dependencies (pnpm, pinned)", installDependencies);
step(3, "Generating the Prisma client", generateClients);
step(3, "Running benchmarks", () =>
  pnpm(["--filter", "@keyward/bench", "run", "bench", ...process.argv.slice(2)]),
);
