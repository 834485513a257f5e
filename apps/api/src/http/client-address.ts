import type { IncomingMessage } from "node:http";
import { BlockList, isIP } from "node:net";

/** The address a request came from, after stepping over the proxies the operator trusts. */
export type ClientAddressOf = (request: IncomingMessage) => string | null;

export class TrustedProxyError extends Error {
  override name = "TrustedProxyError";
}

/** `::ffff:10.0.0.1` (an IPv4 peer on a dual-stack socket) is `10.0.0.1`. */
function plainAddress(address: string): string {
  return address.startsWith("::ffff:") && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

function familyOf(address: string): "ipv4" | "ipv6" | null {
  const version = isIP(address);
  return version === 4 ? "ipv4" : version === 6 ? "ipv6" : null;
}

/**
 * Parses `KEYWARD_TRUSTED_PROXIES`: addresses and CIDR ranges (`10.0.0.0/8`, `::1`, `fd00::/8`).
 * Throws a TrustedProxyError naming the first entry it cannot read.
 */
export function parseTrustedProxies(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const raw of entries) {
    const entry = raw.trim();
    if (entry === "") continue;
    const [address = "", prefixText] = entry.split("/", 2);
    const family = familyOf(address);
    const maxPrefix = family === "ipv4" ? 32 : 128;
    const prefix = prefixText === undefined ? maxPrefix : Number(prefixText);
    if (family === null || !Number.isInteger(prefix) || prefix < 0 || prefix > maxPrefix) {
      throw new TrustedProxyError(`"${entry}" is not an IP address or CIDR range`);
    }
    list.addSubnet(address, prefix, family);
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  const family = familyOf(address);
  return family !== null && list.check(address, family);
}

/**
 * With no trusted proxies the client is the socket's peer. Behind trusted proxies, the
 * `X-Forwarded-For` chain is read from the right (the entries the trusted proxies appended) and
 * the first address that is not a trusted proxy is the client: entries further left were written
 * by the client itself and are never believed.
 */
export function createClientAddress(trustedProxies: readonly string[]): ClientAddressOf {
  const trusted = parseTrustedProxies(trustedProxies);
  const none = trustedProxies.every((entry) => entry.trim() === "");
  return (request) => {
    const peer = request.socket.remoteAddress;
    if (peer === undefined) return null;
    let client = plainAddress(peer);
    if (none || !isTrusted(trusted, client)) return client;
    const header = request.headers["x-forwarded-for"];
    const chain = (Array.isArray(header) ? header.join(",") : (header ?? "")).split(",");
    for (let index = chain.length - 1; index >= 0; index -= 1) {
      const hop = plainAddress((chain[index] ?? "").trim());
      if (familyOf(hop) === null) return client;
      client = hop;
      if (!isTrusted(trusted, hop)) return client;
    }
    return client;
  };
}
