// `npm run dev:instances -- --count 2 [--port 4000]`: several Keyward instances side by side on
// consecutive ports, against one PostgreSQL (DATABASE_URL) and one Redis (REDIS_URL), sharing one
// KEYWARD_SECRET — how Keyward scales out, on one machine. Ctrl-C stops them all.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildWeb, generateClients, installDependencies, root, step } from "./workspace-setup.mjs";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "2" },
    port: { type: "string", default: process.env.PORT ?? "4000" },
  },
});
const count = Number(values.count);
const firstPort = Number(values.port);
if (!Number.isInteger(count) || count < 1 || count > 16) fail("--count must be a whole number from 1 to 16");
if (!Number.isInteger(firstPort) || firstPort < 1 || firstPort + count - 1 > 65535)
  fail("--port is not a usable port");
if (!/^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? "")) {
  fail(
    "Set DATABASE_URL=postgres://… : every instance must use the same PostgreSQL (PGlite is one process only).",
  );
}
if (!/^rediss?:\/\//.test(process.env.REDIS_URL ?? "")) {
  fail("Set REDIS_URL=redis://… : events, cache invalidation and rate limits go through it.");
}

function fail(message) {
  process.stderr.write(`\n${message}\n\n`);
  process.exit(1);
}

/** One secret for every instance; generated once into the data folder when not given. */
function sharedSecret() {
  if (process.env.KEYWARD_SECRET) return process.env.KEYWARD_SECRET;
  const dataDir = path.resolve(root, process.env.KEYWARD_DATA_DIR ?? ".keyward");
  const file = path.join(dataDir, "instances-secret");
  try {
    return readFileSync(file, "utf8").trim();
  } catch {
    mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    writeFileSync(file, secret, { mode: 0o600 });
    return secret;
  }
}

const steps = 4;
step(steps, "Installing dependencies (pnpm, pinned)", installDependencies);
step(steps, "Generating the Prisma client", generateClients);
step(steps, "Building the web app", buildWeb);
step(steps, `Starting ${count} instances (they apply migrations once, under a lock)`, () => {});

const secret = sharedSecret();
let stopping = false;
const children = [];
const ready = [];
for (let index = 0; index < count; index++) {
  const port = firstPort + index;
  const name = `instance-${index + 1}`;
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "apps/api/src/main.ts")], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    // Their own process group: a terminal's Ctrl-C reaches only this script, which then stops
    // each instance once, gracefully (a second signal would make an instance exit at once).
    detached: true,
    env: {
      ...process.env,
      PORT: String(port),
      KEYWARD_SECRET: secret,
      KEYWARD_INSTANCE_ID: name,
      // Behind a load balancer set KEYWARD_ORIGIN to its address; locally each instance is its own origin.
      KEYWARD_ORIGIN: process.env.KEYWARD_ORIGIN ?? `http://localhost:${port}`,
    },
  });
  children.push(child);
  ready.push(
    new Promise((resolve) => {
      let output = "";
      const forward = (stream, target) =>
        stream.on("data", (chunk) => {
          const text = chunk.toString();
          output += text;
          for (const line of text.split("\n")) if (line.trim()) target.write(`[${name}] ${line}\n`);
          if (/listening on /.test(output)) resolve(`http://localhost:${port}`);
        });
      forward(child.stdout, process.stdout);
      forward(child.stderr, process.stderr);
    }),
  );
  child.on("exit", (code, signal) => {
    if (!stopping) {
      process.stderr.write(`\n${name} exited (${code ?? signal}); stopping the others.\n`);
      stop(1);
    }
  });
}

const urls = await Promise.all(ready);
process.stdout.write(
  `\n  ${count} Keyward instances share one PostgreSQL and one Redis (no sticky sessions needed):\n` +
    urls.map((url, index) => `    instance-${index + 1}  ${url}  (metrics: ${url}/metrics)\n`).join("") +
    "\n  Sign in on one, subscribe on another: events, revocations and rate limits cross over.\n" +
    "  Ctrl-C stops them all.\n\n",
);

function stop(exitCode) {
  if (stopping) return;
  stopping = true;
  let running = children.filter((child) => child.exitCode === null && child.signalCode === null).length;
  if (running === 0) process.exit(exitCode);
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.once("exit", () => {
      running -= 1;
      if (running === 0) process.exit(exitCode);
    });
    child.kill("SIGTERM");
  }
}
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => stop(0));
process.on("exit", () => {
  for (const child of children)
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
});
