import { describe, expect, it } from "vitest";
import { networkOf } from "./ip-network.ts";

describe("networkOf", () => {
  it("groups IPv4 addresses by /24", () => {
    expect(networkOf("203.0.113.7")).toBe("203.0.113.0/24");
    expect(networkOf("203.0.113.250")).toBe("203.0.113.0/24");
    expect(networkOf("203.0.114.7")).toBe("203.0.114.0/24");
  });

  it("groups IPv6 addresses by /64 whatever their spelling", () => {
    expect(networkOf("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(networkOf("2001:0db8:0001:0002:ffff:0:0:9")).toBe("2001:db8:1:2::/64");
    expect(networkOf("2001:DB8:1:3::1")).toBe("2001:db8:1:3::/64");
    expect(networkOf("::1")).toBe("0:0:0:0::/64");
    expect(networkOf("64:ff9b::192.0.2.1")).toBe("64:ff9b:0:0::/64");
  });

  it("treats IPv4-mapped IPv6 as the IPv4 it carries", () => {
    expect(networkOf("::ffff:203.0.113.7")).toBe("203.0.113.0/24");
  });

  it("answers null for anything that is not an address", () => {
    for (const value of [null, undefined, "", "not-an-ip", "10.0.0.0/8", "fe80::1%eth0", "999.1.1.1"]) {
      expect(networkOf(value)).toBeNull();
    }
  });
});
