import { hash, randomBytes } from "node:crypto";
import { crc32 } from "node:zlib";
import type { Environment } from "../generated/prisma/enums.ts";

/**
 * API-key token format (DESIGN §5): `kw_<env>_<random><checksum>`.
 * random = 30 base62 characters (≈178.6 bits); checksum = CRC32 of everything before it, written as
 * exactly 6 base62 characters. Scanners and the verifier reject typos and garbage from the checksum
 * alone, without hashing and without touching the database.
 */

export const TOKEN_RANDOM_LENGTH = 30;
export const TOKEN_CHECKSUM_LENGTH = 6;
/** `kw_` + 3-letter environment code + `_`. */
export const TOKEN_PREFIX_LENGTH = 7;
export const TOKEN_LENGTH = TOKEN_PREFIX_LENGTH + TOKEN_RANDOM_LENGTH + TOKEN_CHECKSUM_LENGTH;
/** Entropy of the random part in bits. */
export const TOKEN_RANDOM_BITS = TOKEN_RANDOM_LENGTH * Math.log2(62);

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const CHECKSUM_START = TOKEN_PREFIX_LENGTH + TOKEN_RANDOM_LENGTH;
/** Bytes ≥ 248 (= 4 × 62) are discarded so that `byte % 62` is uniform (no modulo bias). */
const UNBIASED_BYTE_LIMIT = 248;

export const environmentCodes = {
  DEVELOPMENT: "dev",
  SANDBOX: "sbx",
  STAGING: "stg",
  PRODUCTION: "prd",
} as const satisfies Record<Environment, string>;

export type EnvironmentCode = (typeof environmentCodes)[Environment];

const prefixEnvironments = Object.keys(environmentCodes) as Environment[];
const prefixes = prefixEnvironments.map((environment) => `kw_${environmentCodes[environment]}_`);

/** char code → base62 digit value, or -1 outside the alphabet. */
const BASE62_VALUES = new Int8Array(128).fill(-1);
for (let index = 0; index < BASE62.length; index++) BASE62_VALUES[BASE62.charCodeAt(index)] = index;

const CRC32_TABLE = new Int32Array(256);
for (let byte = 0; byte < 256; byte++) {
  let value = byte;
  for (let bit = 0; bit < 8; bit++) value = value & 1 ? 0xedb88320 ^ (value >>> 1) : value >>> 1;
  CRC32_TABLE[byte] = value;
}

export interface GeneratedToken {
  /** The secret: shown exactly once, never stored. */
  token: string;
  /** SHA-256 (hex) of the token: the only stored form. */
  hash: string;
  displayHint: string;
}

export interface ParsedToken {
  environment: Environment;
  displayHint: string;
}

/** SHA-256 (hex) of a token, with Node's one-shot hash (the fastest option here). */
export function hashToken(token: string): string {
  return hash("sha256", token, "hex");
}

/** Mints a new token for a key of this environment, with its hash and display hint. */
export function generateToken(environment: Environment): GeneratedToken {
  const token = withChecksum(`kw_${environmentCodes[environment]}_${randomBase62(TOKEN_RANDOM_LENGTH)}`);
  return { token, hash: hashToken(token), displayHint: displayHintOf(token) };
}

/** Completes `kw_<env>_<random>` with its checksum (tests build look-alike tokens with it). */
export function withChecksum(body: string): string {
  return body + encodeChecksum(crc32(body));
}

/**
 * Checks prefix, environment, length, alphabet and checksum; null for anything malformed.
 * Hot path: no hashing, no regular expression, no intermediate strings (the CRC is computed over
 * char codes in the same pass that validates the alphabet — the characters are ASCII by then, so it
 * equals node:zlib's crc32 of the prefix and random part).
 */
export function parseToken(token: string): ParsedToken | null {
  const environment = environmentOfToken(token);
  return environment === null ? null : { environment, displayHint: displayHintOf(token) };
}

/** Like parseToken but returns only the environment (no allocation at all). */
export function environmentOfToken(token: string): Environment | null {
  if (token.length !== TOKEN_LENGTH) return null;
  let environment: Environment | null = null;
  for (let index = 0; index < prefixes.length && environment === null; index++) {
    if (token.startsWith(prefixes[index] ?? "")) environment = prefixEnvironments[index] ?? null;
  }
  if (environment === null) return null;
  let crc = -1;
  for (let index = 0; index < CHECKSUM_START; index++) {
    const code = token.charCodeAt(index);
    if (index >= TOKEN_PREFIX_LENGTH && (code >= 128 || (BASE62_VALUES[code] ?? -1) < 0)) return null;
    crc = (CRC32_TABLE[(crc ^ code) & 0xff] ?? 0) ^ (crc >>> 8);
  }
  let checksum = 0;
  for (let index = CHECKSUM_START; index < TOKEN_LENGTH; index++) {
    const code = token.charCodeAt(index);
    const digit = code < 128 ? (BASE62_VALUES[code] ?? -1) : -1;
    if (digit < 0) return null;
    checksum = checksum * 62 + digit;
  }
  return checksum === (crc ^ -1) >>> 0 ? environment : null;
}

/** `kw_<env>_` + first 4 random characters + `…` + checksum, for a well-formed token. */
export function displayHintOf(token: string): string {
  return `${token.slice(0, TOKEN_PREFIX_LENGTH + 4)}…${token.slice(CHECKSUM_START)}`;
}

/** A CRC32 value as exactly 6 base62 digits (62^6 > 2^32), most significant first. */
function encodeChecksum(value: number): string {
  let remaining = value >>> 0;
  let digits = "";
  for (let index = 0; index < TOKEN_CHECKSUM_LENGTH; index++) {
    digits = BASE62.charAt(remaining % 62) + digits;
    remaining = Math.floor(remaining / 62);
  }
  return digits;
}

/** Uniform base62 characters from crypto-random bytes by rejection sampling. */
function randomBase62(length: number): string {
  let result = "";
  while (result.length < length) {
    // 30 characters need ~31 bytes on average (248/256 acceptance); draw a few extra.
    for (const byte of randomBytes(length + 8)) {
      if (byte >= UNBIASED_BYTE_LIMIT) continue;
      result += BASE62.charAt(byte % 62);
      if (result.length === length) break;
    }
  }
  return result;
}
