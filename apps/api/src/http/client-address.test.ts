import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { loadConfig } from "../env.ts";
import { createClientAddress, parseTrustedProxies, TrustedProxyError } from "./client-address.ts";

let server: Server | undefined;
afterEach(async () => {
  const running = server;
  server = undefined;
  if (!running) return;
  running.closeAllConnections();
  await new Promise((resolve) => running.close(resolve));
});

/** A real server answering with the client address it resolved; requests come from 127.0.0.1. */
async function addressSeenBy(trusted: string[], forwardedFor?: string | string[]): Promise<string> {
  const clientAddress = createClientAddress(trusted);
  server = createServer((request, response) => response.end(String(clientAddress(request))));
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        host: "127.0.0.1",
        port,
        headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor },
      },
      (response) => {
        let text = "";
        response.on("data", (chunk) => {
          text += chunk;
        });
        response.on("end", () => resolve(text));
      },
    );
    outgoing.on("error", reject);
    outgoing.end();
  });
}

describe("client address behind proxies", () => {
  it("ignores X-Forwarded-For when no proxy is trusted (a client cannot choose its address)", async () => {
    expect(await addressSeenBy([], "203.0.113.9")).toBe("127.0.0.1");
  });

  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", async () => {
    expect(await addressSeenBy(["10.0.0.0/8"], "203.0.113.9")).toBe("127.0.0.1");
  });

  it("takes the address the trusted proxy appended, not what the client wrote further left", async () => {
    expect(await addressSeenBy(["127.0.0.1"], "198.51.100.1, 203.0.113.9")).toBe("203.0.113.9");
  });

  it("steps over a chain of trusted proxies to the first untrusted address", async () => {
    expect(await addressSeenBy(["127.0.0.0/8", "10.0.0.0/8"], "198.51.100.1, 10.1.2.3, 10.0.0.7")).toBe(
      "198.51.100.1",
    );
    expect(await addressSeenBy(["127.0.0.1", "10.0.0.0/8"], ["198.51.100.2", "10.1.2.3"])).toBe(
      "198.51.100.2",
    );
  });

  it("stops at the last trusted hop when the chain holds something that is not an address", async () => {
    expect(await addressSeenBy(["127.0.0.1"], "not-an-address")).toBe("127.0.0.1");
    expect(await addressSeenBy(["127.0.0.1", "10.0.0.0/8"], "garbage, 10.0.0.7")).toBe("10.0.0.7");
  });

  it("is the trusted peer itself when no header came", async () => {
    expect(await addressSeenBy(["127.0.0.1"])).toBe("127.0.0.1");
  });

  it("reads IPv6 ranges and IPv4-mapped IPv6 hops", async () => {
    expect(await addressSeenBy(["127.0.0.1", "fd00::/8"], "2001:db8::5, fd00::1")).toBe("2001:db8::5");
    expect(await addressSeenBy(["127.0.0.1"], "::ffff:203.0.113.4")).toBe("203.0.113.4");
  });

  it("refuses entries that are not addresses or CIDR ranges, naming them", () => {
    for (const bad of ["10.0.0.0/33", "proxy.internal", "10.0.0.1/x", "::1/129"]) {
      expect(() => parseTrustedProxies([bad])).toThrow(TrustedProxyError);
      expect(() => parseTrustedProxies([bad])).toThrow(bad);
    }
    expect(() => parseTrustedProxies(["10.0.0.0/8", " ::1 ", "fd00::/8", ""])).not.toThrow();
  });

  it("KEYWARD_TRUSTED_PROXIES is validated at start-up", () => {
    expect(() => loadConfig({ KEYWARD_TRUSTED_PROXIES: "10.0.0.0/8,nonsense" })).toThrow(
      /KEYWARD_TRUSTED_PROXIES: "nonsense"/,
    );
    expect(loadConfig({ KEYWARD_TRUSTED_PROXIES: "10.0.0.0/8, 127.0.0.1" }).trustedProxies).toEqual([
      "10.0.0.0/8",
      "127.0.0.1",
    ]);
    expect(loadConfig({}).trustedProxies).toEqual([]);
  });
});
