import { describe, expect, it } from "vitest";
import { createIpAllowlist, invalidIpAllowlistEntries, isValidIpAllowlistEntry } from "./ip-allowlist.ts";

describe("IP allowlist", () => {
  it.each([
    "1.2.3.4",
    "10.0.0.0/8",
    "0.0.0.0/0",
    "192.168.1.1/32",
    "::1",
    "2001:db8::/32",
    "2001:db8::1/128",
    "::/0",
    "::ffff:1.2.3.4",
    "::ffff:10.0.0.0/104",
  ])("accepts %s", (entry) => {
    expect(isValidIpAllowlistEntry(entry)).toBe(true);
  });

  it.each([
    "",
    "1.2.3",
    "1.2.3.256",
    "01.2.3.4",
    "1.2.3.4/33",
    "1.2.3.4/",
    "1.2.3.4/-1",
    "1.2.3.4/08",
    "1.2.3.4/8/8",
    " 1.2.3.4",
    "2001:db8::/129",
    "2001:db8:::1",
    "fe80::1%eth0",
    "localhost",
    "1.2.3.4 ",
  ])("rejects %j", (entry) => {
    expect(isValidIpAllowlistEntry(entry)).toBe(false);
  });

  it("lists the invalid entries", () => {
    expect(invalidIpAllowlistEntries(["1.2.3.4", "nope", "10.0.0.0/8", "1.1.1.1/40"])).toEqual([
      "nope",
      "1.1.1.1/40",
    ]);
  });

  it("has no list (no restriction) when empty", () => {
    expect(createIpAllowlist([])).toBeNull();
  });

  it("matches addresses and CIDR blocks of both families", () => {
    const list = createIpAllowlist(["203.0.113.7", "10.0.0.0/8", "2001:db8::/32"]);
    expect(list).not.toBeNull();
    expect(list?.allows("203.0.113.7")).toBe(true);
    expect(list?.allows("203.0.113.8")).toBe(false);
    expect(list?.allows("10.255.1.2")).toBe(true);
    expect(list?.allows("11.0.0.1")).toBe(false);
    expect(list?.allows("2001:db8:1::5")).toBe(true);
    expect(list?.allows("2001:db9::5")).toBe(false);
  });

  it("treats IPv4-mapped IPv6 addresses as the IPv4 they carry", () => {
    const list = createIpAllowlist(["10.0.0.0/8", "::ffff:198.51.100.0/120"]);
    expect(list?.allows("::ffff:10.1.2.3")).toBe(true);
    expect(list?.allows("::FFFF:10.1.2.3")).toBe(true);
    expect(list?.allows("::ffff:a01:203")).toBe(true);
    expect(list?.allows("::ffff:11.1.2.3")).toBe(false);
    expect(list?.allows("198.51.100.77")).toBe(true);
    expect(list?.allows("::ffff:198.51.100.77")).toBe(true);
    expect(list?.allows("198.51.101.1")).toBe(false);
  });

  it("denies missing and malformed addresses", () => {
    const list = createIpAllowlist(["0.0.0.0/0", "::/0"]);
    expect(list?.allows("8.8.8.8")).toBe(true);
    expect(list?.allows(undefined)).toBe(false);
    expect(list?.allows(null)).toBe(false);
    expect(list?.allows("")).toBe(false);
    expect(list?.allows("not-an-ip")).toBe(false);
    expect(list?.allows("8.8.8.8/32")).toBe(false);
    expect(list?.allows("fe80::1%eth0")).toBe(false);
  });

  it("fails closed when a stored entry is invalid", () => {
    const list = createIpAllowlist(["garbage"]);
    expect(list).not.toBeNull();
    expect(list?.allows("1.2.3.4")).toBe(false);
  });
});
