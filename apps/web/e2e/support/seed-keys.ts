import { generateToken } from "@keyward/schema/keys";
import type { BrowserTestServer } from "./keyward-server.ts";

export interface SeededKey {
  id: string;
  /** The whole secret, generated for this run (never written into a file). */
  token: string;
  displayHint: string;
}

export interface KeySeed {
  ownerId: string;
  name: string;
  scopes?: string[];
  status?: "ACTIVE" | "REVOKED";
  module?: "AGENTS_EXECUTION" | "INTEGRATIONS" | "MONITORING_LOGS";
}

/**
 * A development key owned by `ownerId`, written straight to the database with a freshly generated
 * token: the tests need keys whose secret they know without going through a reveal-once screen.
 */
export async function seedKey(server: BrowserTestServer, seed: KeySeed): Promise<SeededKey> {
  const prisma = server.app.database.prisma;
  const { accountId } = await prisma.profile.findUniqueOrThrow({ where: { id: seed.ownerId } });
  const generated = generateToken("DEVELOPMENT");
  const key = await prisma.apiKey.create({
    data: {
      accountId,
      ownerId: seed.ownerId,
      createdById: seed.ownerId,
      name: seed.name,
      environment: "DEVELOPMENT",
      module: seed.module ?? "INTEGRATIONS",
      permissions: ["READ"],
      scopes: seed.scopes ?? [],
      status: seed.status ?? "ACTIVE",
      revokedAt: seed.status === "REVOKED" ? new Date() : null,
      revocationCause: seed.status === "REVOKED" ? "LEAKED" : null,
      hash: generated.hash,
      displayHint: generated.displayHint,
    },
  });
  return { id: key.id, token: generated.token, displayHint: generated.displayHint };
}

/** A service account of the admin's organisation holding a `keys:verify` key: the gateway. */
export async function seedGateway(server: BrowserTestServer, admin: { email: string }): Promise<SeededKey> {
  const prisma = server.app.database.prisma;
  const { accountId } = await prisma.profile.findFirstOrThrow({ where: { email: admin.email } });
  const gateway = await prisma.profile.create({
    data: { accountId, kind: "SERVICE_ACCOUNT", displayName: "Edge gateway" },
  });
  return seedKey(server, { ownerId: gateway.id, name: "edge-gateway", scopes: ["keys:verify"] });
}
