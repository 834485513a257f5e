import { hash, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { Environment } from "../generated/prisma/enums.ts";
import {
  environmentCodes,
  environmentOfToken,
  generateToken,
  hashToken,
  parseToken,
  TOKEN_LENGTH,
  TOKEN_RANDOM_BITS,
} from "./token-format.ts";

const environments = Object.keys(environmentCodes) as Environment[];
const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const tokenPattern = /^kw_(dev|sbx|stg|prd)_[0-9A-Za-z]{30}[0-9A-Za-z]{6}$/;

function base62Value(digits: string): number {
  let value = 0;
  for (const digit of digits) value = value * 62 + BASE62.indexOf(digit);
  return value;
}

describe("token format", () => {
  it.each(environments)("generates a well-formed %s token that parses back", (environment) => {
    const { token, hash: tokenHash, displayHint } = generateToken(environment);
    expect(token).toMatch(tokenPattern);
    expect(token).toHaveLength(TOKEN_LENGTH);
    expect(token.startsWith(`kw_${environmentCodes[environment]}_`)).toBe(true);
    expect(tokenHash).toBe(hash("sha256", token, "hex"));
    expect(tokenHash).toBe(hashToken(token));
    expect(parseToken(token)).toEqual({ environment, displayHint });
    expect(environmentOfToken(token)).toBe(environment);
  });

  it("ends with the CRC32 of everything before it as 6 base62 characters", () => {
    for (let round = 0; round < 200; round++) {
      const { token } = generateToken("PRODUCTION");
      expect(base62Value(token.slice(37))).toBe(crc32(token.slice(0, 37)));
    }
  });

  it("carries at least 160 bits of randomness, uniformly over the base62 alphabet", () => {
    expect(TOKEN_RANDOM_BITS).toBeGreaterThanOrEqual(160);
    const counts = new Map<string, number>();
    const tokens = new Set<string>();
    const rounds = 4000;
    for (let round = 0; round < rounds; round++) {
      const { token } = generateToken("DEVELOPMENT");
      tokens.add(token);
      for (const character of token.slice(7, 37)) counts.set(character, (counts.get(character) ?? 0) + 1);
    }
    expect(tokens.size).toBe(rounds);
    expect(counts.size).toBe(62);
    // 120k samples over 62 symbols: each ~1935; a modulo-biased generator would skew the first 8 by ~3%.
    const expected = (rounds * 30) / 62;
    for (const count of counts.values()) expect(Math.abs(count - expected) / expected).toBeLessThan(0.12);
  });

  it("builds the display hint from the prefix, the first 4 random characters and the checksum", () => {
    const { token, displayHint } = generateToken("STAGING");
    expect(displayHint).toBe(`kw_stg_${token.slice(7, 11)}…${token.slice(37)}`);
    expect(displayHint).toMatch(/^kw_stg_[0-9A-Za-z]{4}…[0-9A-Za-z]{6}$/);
    expect(displayHint.includes(token.slice(11, 37))).toBe(false);
  });

  it("rejects every single-character substitution", () => {
    const alphabet = `${BASE62}_-.~ +/=…é\u0000`;
    for (const environment of environments) {
      const { token } = generateToken(environment);
      let tried = 0;
      for (let position = 0; position < token.length; position++) {
        for (const replacement of alphabet) {
          if (replacement === token[position]) continue;
          const typo = token.slice(0, position) + replacement + token.slice(position + 1);
          tried++;
          expect(parseToken(typo), typo).toBeNull();
        }
      }
      expect(tried).toBeGreaterThan(token.length * 60);
    }
  });

  it("rejects deleted, inserted and swapped characters", () => {
    const { token } = generateToken("SANDBOX");
    for (let position = 0; position < token.length; position++) {
      expect(parseToken(token.slice(0, position) + token.slice(position + 1))).toBeNull();
      expect(parseToken(`${token.slice(0, position)}x${token.slice(position)}`)).toBeNull();
      const a = token[position];
      const b = token[position + 1];
      if (a !== undefined && b !== undefined && a !== b) {
        expect(parseToken(token.slice(0, position) + b + a + token.slice(position + 2))).toBeNull();
      }
    }
  });

  it("rejects garbage, wrong prefixes and environments", () => {
    const { token } = generateToken("PRODUCTION");
    const body = token.slice(7);
    const garbage = [
      "",
      "kw_",
      "kw_prd_",
      token.toUpperCase(),
      `KW_prd_${body}`,
      `kx_prd_${body}`,
      `kw_prod${body.slice(1)}`,
      `kw_xyz_${body}`,
      `kw-prd-${body}`,
      `sk_prd_${body}`,
      ` ${token.slice(1)}`,
      `${token} `,
      `Bearer ${token}`,
      "x".repeat(TOKEN_LENGTH),
      `kw_prd_${"a".repeat(36)}`,
      `kw_prd_${randomBytes(27).toString("base64url")}`,
    ];
    for (const candidate of garbage) expect(parseToken(candidate), candidate).toBeNull();
    // Random 43-character strings with a valid prefix: the checksum rejects all but ~1 in 4 billion.
    for (let round = 0; round < 2000; round++) {
      let random = "";
      for (const byte of randomBytes(36)) random += BASE62.charAt(byte % 62);
      expect(parseToken(`kw_dev_${random}`)).toBeNull();
    }
  });
});
