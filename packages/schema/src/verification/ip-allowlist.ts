import { BlockList, isIP } from "node:net";

/** A key's compiled IP allowlist. */
export interface IpAllowlist {
  /** True when the address is inside one of the entries; false for a missing or malformed address. */
  allows(ip: string | null | undefined): boolean;
}

interface ParsedEntry {
  address: string;
  family: "ipv4" | "ipv6";
  prefix: number | null;
}

const MAPPED_IPV4_PREFIX = "::ffff:";
const DIGITS = /^(0|[1-9][0-9]{0,2})$/;

/** Parses `address` or `address/prefix` (IPv4 or IPv6); null when invalid. */
function parseEntry(entry: string): ParsedEntry | null {
  const slash = entry.indexOf("/");
  const address = slash === -1 ? entry : entry.slice(0, slash);
  const version = isIP(address);
  // Zone ids (fe80::1%eth0) name an interface of the gateway, not a client: refuse them.
  if (version === 0 || address.includes("%")) return null;
  let prefix: number | null = null;
  if (slash !== -1) {
    const digits = entry.slice(slash + 1);
    if (!DIGITS.test(digits)) return null;
    prefix = Number(digits);
    if (prefix > (version === 4 ? 32 : 128)) return null;
  }
  const mapped = version === 6 ? unmapIpv4(address) : null;
  if (mapped !== null) {
    // ::ffff:a.b.c.d/120 is a.b.c.d/24: store IPv4-mapped entries as the IPv4 they stand for.
    if (prefix !== null && prefix < 96) return { address, family: "ipv6", prefix };
    return { address: mapped, family: "ipv4", prefix: prefix === null ? null : prefix - 96 };
  }
  return { address, family: version === 4 ? "ipv4" : "ipv6", prefix };
}

/** `::ffff:1.2.3.4` → `1.2.3.4`; null for any other address. */
function unmapIpv4(address: string): string | null {
  if (address.length <= MAPPED_IPV4_PREFIX.length) return null;
  if (address.slice(0, MAPPED_IPV4_PREFIX.length).toLowerCase() !== MAPPED_IPV4_PREFIX) return null;
  const tail = address.slice(MAPPED_IPV4_PREFIX.length);
  return isIP(tail) === 4 ? tail : null;
}

/** True when the entry is an IPv4/IPv6 address or CIDR block. */
export function isValidIpAllowlistEntry(entry: string): boolean {
  return parseEntry(entry) !== null;
}

/** The entries that are not valid addresses or CIDR blocks (empty when all are valid). */
export function invalidIpAllowlistEntries(entries: readonly string[]): string[] {
  return entries.filter((entry) => parseEntry(entry) === null);
}

/**
 * Compiles an allowlist into a node:net BlockList (used as an allow list); null when there are no
 * entries (no restriction). Entries are validated when saved; an invalid one that slipped through
 * matches nothing, so the list fails closed.
 */
export function createIpAllowlist(entries: readonly string[]): IpAllowlist | null {
  if (entries.length === 0) return null;
  const list = new BlockList();
  for (const entry of entries) {
    const parsed = parseEntry(entry);
    if (parsed === null) continue;
    if (parsed.prefix === null) list.addAddress(parsed.address, parsed.family);
    else list.addSubnet(parsed.address, parsed.prefix, parsed.family);
  }
  return {
    allows(ip) {
      if (!ip) return false;
      const version = isIP(ip);
      if (version === 4) return list.check(ip, "ipv4");
      if (version !== 6 || ip.includes("%")) return false;
      const mapped = unmapIpv4(ip);
      return mapped === null ? list.check(ip, "ipv6") : list.check(mapped, "ipv4");
    },
  };
}
