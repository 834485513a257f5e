// Baseline of the GraphQL list benchmark: the same page of keys with their owners and workspaces
// from one raw Prisma query, serialised with JSON.stringify and served by node:http. No
// authentication, no GraphQL: the least the API could do for the same data.
// POST {"first": n}; the control endpoint counts the SQL statements Prisma sent.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { openDatabase } from "@keyward/schema/database";
import { benchDataDir, freshPostgres, seedRegistryFixture } from "./registry-fixture.ts";

const dataDir = benchDataDir();
const postgres = await freshPostgres();
let statements = 0;
const database = await openDatabase({
  url: postgres?.url,
  dataDir: path.join(dataDir, "pgdata"),
  onStatement: () => {
    statements++;
  },
});
const fixture = await seedRegistryFixture(database.prisma, dataDir);

async function page(first: number) {
  const keys = await database.prisma.apiKey.findMany({
    where: { accountId: fixture.accountId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: first + 1,
    select: {
      id: true,
      name: true,
      status: true,
      environment: true,
      createdAt: true,
      lastUsedAt: true,
      owner: { select: { id: true, displayName: true } },
      workspaces: { select: { workspace: { select: { id: true, slug: true, name: true } } } },
    },
  });
  const hasNextPage = keys.length > first;
  const nodes = keys.slice(0, first).map((key) => ({
    ...key,
    workspaces: key.workspaces.map((grant) => grant.workspace),
  }));
  return { nodes, hasNextPage, endCursor: nodes.at(-1)?.id ?? null };
}

const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const { first } = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}") as { first?: number };
    page(Math.min(first ?? 50, 200)).then(
      (result) => {
        const body = JSON.stringify({ data: { apiKeys: result } });
        response.writeHead(200, {
          "content-type": "application/json",
          "content-length": Buffer.byteLength(body),
        });
        response.end(body);
      },
      (error: unknown) => {
        response.writeHead(500, { "content-type": "application/json" });
        response.end(JSON.stringify({ error: String(error) }));
      },
    );
  });
});
const control = createServer((request, response) => {
  response.writeHead(200, { "content-type": "application/json" });
  response.end(JSON.stringify(request.url === "/cpu" ? process.cpuUsage() : { statements }));
});
await new Promise<void>((resolve) => control.listen(0, "127.0.0.1", resolve));
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(
    `${JSON.stringify({
      ready: true,
      port: (server.address() as AddressInfo).port,
      controlPort: (control.address() as AddressInfo).port,
      engine: database.engine,
    })}\n`,
  );
});
process.on("SIGTERM", () => {
  control.close();
  server.close(() => {
    void database
      .close()
      .then(() => postgres?.drop())
      .then(() => process.exit(0));
  });
  server.closeIdleConnections();
});
