import { isIP } from "node:net";

const MAPPED_IPV4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** The eight 16-bit groups of a valid IPv6 address (an embedded dotted IPv4 tail included). */
function ipv6Groups(address: string): number[] {
  const halves = address.split("::");
  const parse = (part: string | undefined): number[] => {
    if (!part) return [];
    const groups: number[] = [];
    for (const piece of part.split(":")) {
      if (piece.includes(".")) {
        const [a = 0, b = 0, c = 0, d = 0] = piece.split(".").map(Number);
        groups.push((a << 8) | b, (c << 8) | d);
      } else groups.push(Number.parseInt(piece, 16));
    }
    return groups;
  };
  const head = parse(halves[0]);
  if (halves.length === 1) return head;
  const tail = parse(halves[1]);
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/**
 * The network an address belongs to for new-IP detection: its IPv4 /24 or its IPv6 /64, as CIDR
 * text (one spelling per network, whatever the spelling of the address). IPv4-mapped IPv6
 * addresses count as the IPv4 they carry. Null for anything that is not an address.
 */
export function networkOf(ip: string | null | undefined): string | null {
  if (!ip) return null;
  const mapped = MAPPED_IPV4.exec(ip);
  const address = mapped?.[1] ?? ip;
  const version = isIP(address);
  if (version === 4) {
    const [a, b, c] = address.split(".").map(Number);
    return `${a}.${b}.${c}.0/24`;
  }
  // Zone ids (fe80::1%eth0) name an interface, not a client network.
  if (version !== 6 || address.includes("%")) return null;
  const groups = ipv6Groups(address);
  return `${groups
    .slice(0, 4)
    .map((group) => group.toString(16))
    .join(":")}::/64`;
}
