// Shared steps of `npm start` and `npm test`: install what is missing, generate, build.
// Only Node 20 and npm are assumed; pnpm is run through npx at the pinned version.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export const root = path.resolve(import.meta.dirname, "..");
const packageJson = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const PNPM = [packageJson.packageManager];
process.env.TURBO_TELEMETRY_DISABLED = "1";
let stepNumber = 0;

/** Prints a numbered step with its duration. */
export function step(total, title, run) {
  stepNumber += 1;
  const started = Date.now();
  process.stdout.write(`\n[${stepNumber}/${total}] ${title}…\n`);
  const result = run();
  process.stdout.write(`      done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return result;
}

/** Runs a command in the repository, inheriting output; exits the process on failure. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", ...options });
  if (result.status !== 0 && !options.allowFailure) {
    process.stderr.write(
      `\n✖ ${command} ${args.join(" ")} failed (exit ${result.status ?? result.signal})\n`,
    );
    process.exit(result.status ?? 1);
  }
  return result;
}

export function pnpm(args, options) {
  return run("npx", ["-y", ...PNPM, ...args], options);
}

function installIsCurrent() {
  const marker = path.join(root, "node_modules/.modules.yaml");
  if (!existsSync(marker)) return false;
  const lockfile = path.join(root, "pnpm-lock.yaml");
  return statSync(marker).mtimeMs >= statSync(lockfile).mtimeMs;
}

export function installDependencies() {
  if (installIsCurrent()) {
    process.stdout.write("      dependencies are installed\n");
    return;
  }
  pnpm(["install", "--frozen-lockfile", "--reporter=append-only"]);
}

export function generateClients() {
  pnpm(["--filter", "@keyward/schema", "run", "generate"]);
}

export function buildWeb() {
  pnpm(["exec", "turbo", "run", "build", "--filter=@keyward/web", "--output-logs=errors-only"]);
}
