// `npm run export -- …`: exports Keyward's audit log or key registry to a file, with a progress
// line, and checks the file against its receipt (SHA-256). Node built-ins only.
//
//   KEYWARD_API_KEY=kw_… node scripts/export.mjs --url http://localhost:4000 \
//     --kind audit-log|key-registry --format csv|json [--filter '{"action":"apiKey.revoked"}'] [--out file]
//   node scripts/export.mjs --download '<signed link from exportAuditLog/exportKeyRegistry>' [--out file]
//
// The API key needs ADMIN and belongs to a super_admin or user_admin. It is read from the
// environment only, never from the command line (which other users of the machine can see).
import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";

const { values: args } = parseArgs({
  options: {
    url: { type: "string", default: "http://localhost:4000" },
    kind: { type: "string", default: "audit-log" },
    format: { type: "string", default: "csv" },
    filter: { type: "string" },
    out: { type: "string" },
    download: { type: "string" },
    help: { type: "boolean", short: "h" },
  },
});

function fail(message) {
  process.stderr.write(`export: ${message}\n`);
  process.exit(1);
}

const formatBytes = (bytes) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1048576
      ? `${(bytes / 1024).toFixed(1)} KB`
      : `${(bytes / 1048576).toFixed(1)} MB`;

const mutations = {
  "audit-log": { field: "exportAuditLog", input: "ExportAuditLogInput" },
  "key-registry": { field: "exportKeyRegistry", input: "ExportKeyRegistryInput" },
};

/** Asks the API for an export; returns the signed link and the receipt. */
async function requestExport() {
  const token = process.env.KEYWARD_API_KEY;
  if (!token) fail("set KEYWARD_API_KEY to an admin's key with ADMIN (or use --download with a signed link)");
  const mutation = mutations[args.kind];
  if (!mutation) fail(`--kind must be one of ${Object.keys(mutations).join(", ")}`);
  let filter;
  try {
    filter = args.filter ? JSON.parse(args.filter) : undefined;
  } catch {
    fail("--filter must be JSON");
  }
  const query = `mutation($input: ${mutation.input}!) {
    ${mutation.field}(input: $input) {
      __typename
      ... on ExportPayload { downloadUrl receipt { id filename rowCount sha256 } }
      ... on KeywardError { code message }
    }
  }`;
  const response = await fetch(new URL("/graphql", args.url), {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables: { input: { format: args.format.toUpperCase(), filter } } }),
  });
  const body = await response.json();
  if (body.errors?.length) fail(body.errors.map((error) => error.message).join("; "));
  const result = body.data?.[mutation.field];
  if (result?.__typename !== "ExportPayload")
    fail(`${result?.code ?? "ERROR"}: ${result?.message ?? "no result"}`);
  return { link: new URL(result.downloadUrl, args.url), receipt: result.receipt };
}

/** Streams the file to disk with a progress line; returns its size and SHA-256. */
async function download(link, out) {
  const response = await fetch(link);
  if (!response.ok || !response.body) {
    const text = await response.text();
    fail(`download refused (${response.status}): ${text}`);
  }
  const total = Number(response.headers.get("content-length") ?? 0);
  const filename = /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1];
  const target = path.resolve(out ?? filename ?? "keyward-export");
  const partial = `${target}.part`;
  const file = createWriteStream(partial);
  const hash = createHash("sha256");
  const interactive = process.stderr.isTTY;
  let received = 0;
  let lastPrinted = -1;
  const progress = (force) => {
    const percent = total > 0 ? Math.min(100, (received / total) * 100) : 0;
    const step = Math.floor(percent / 10);
    if (!force && !interactive && step === lastPrinted) return;
    lastPrinted = step;
    const line = `  ${formatBytes(received)} / ${total ? formatBytes(total) : "?"}  ${percent.toFixed(1)} %`;
    process.stderr.write(interactive ? `\r${line}` : `${line}\n`);
  };
  try {
    for await (const chunk of response.body) {
      received += chunk.length;
      hash.update(chunk);
      if (!file.write(chunk)) await new Promise((resolve) => file.once("drain", resolve));
      progress(false);
    }
    await new Promise((resolve, reject) => file.end((error) => (error ? reject(error) : resolve())));
  } catch (error) {
    await rm(partial, { force: true });
    fail(`download interrupted: ${error.message} (the server stops a file that does not match its receipt)`);
  }
  progress(true);
  if (interactive) process.stderr.write("\n");
  if (total && received !== total) {
    await rm(partial, { force: true });
    fail(`incomplete download: ${received} of ${total} bytes`);
  }
  await rename(partial, target);
  return {
    target,
    sha256: hash.digest("hex"),
    rows: response.headers.get("keyward-export-rows"),
    digest: response.headers.get("repr-digest"),
    received,
  };
}

if (args.help) {
  process.stdout.write(
    "Usage: node scripts/export.mjs --url <server> --kind audit-log|key-registry --format csv|json [--filter <json>] [--out <file>]\n" +
      "       node scripts/export.mjs --download <signed link> [--out <file>]\n",
  );
  process.exit(0);
}

const requested = args.download ? null : await requestExport();
const link = requested ? requested.link : new URL(args.download);
const saved = await download(link, args.out);
const expected =
  requested?.receipt.sha256 ??
  (saved.digest
    ? Buffer.from(/sha-256=:([^:]+):/.exec(saved.digest)?.[1] ?? "", "base64").toString("hex")
    : null);
if (expected && expected !== saved.sha256)
  fail(`SHA-256 ${saved.sha256} does not match the receipt's ${expected}`);
process.stdout.write(
  `Saved ${saved.target}: ${saved.rows ?? "?"} rows, ${saved.received} bytes, sha256 ${saved.sha256}` +
    `${expected ? " (matches the receipt)" : ""}\n`,
);
