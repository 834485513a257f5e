import { parseOptions } from "@node-rs/argon2";
import { describe, expect, it } from "vitest";
import {
  dummyPasswordHash,
  hashPassword,
  passwordHashOptions,
  passwordNeedsRehash,
  verifyPassword,
} from "./password-hashing.ts";
import { assertPasswordPolicy } from "./password-policy.ts";

/** Median times of two operations, sampled alternately so load changes affect both alike. */
async function medianTimesMs(
  first: () => Promise<unknown>,
  second: () => Promise<unknown>,
  times = 7,
): Promise<[number, number]> {
  const samples: [number[], number[]] = [[], []];
  for (let i = 0; i < times; i++) {
    for (const [index, run] of [first, second].entries()) {
      const started = performance.now();
      await run().catch(() => undefined);
      samples[index as 0 | 1].push(performance.now() - started);
    }
  }
  const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return [median(samples[0]), median(samples[1])];
}

describe("password hashing", () => {
  it("hashes with argon2id and OWASP parameters, salted per hash", async () => {
    const first = await hashPassword("correct horse battery staple");
    const second = await hashPassword("correct horse battery staple");
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(first).not.toBe(second);
    expect(first).not.toContain("correct horse");
  });

  it("accepts the right password and refuses a wrong one", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(await verifyPassword(hash, "correct horse battery staple")).toBe(true);
    expect(await verifyPassword(hash, "Correct horse battery staple")).toBe(false);
    expect(await verifyPassword(hash, "")).toBe(false);
  });

  it("refuses when there is no hash, and a malformed hash is a mismatch, not a crash", async () => {
    expect(await verifyPassword(null, "anything")).toBe(false);
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
  });

  it("keeps the dummy hash on today's parameters, so its cost matches a real hash", async () => {
    const options = parseOptions(dummyPasswordHash);
    expect(options).toMatchObject({
      algorithm: passwordHashOptions.algorithm,
      memoryCost: passwordHashOptions.memoryCost,
      timeCost: passwordHashOptions.timeCost,
      parallelism: passwordHashOptions.parallelism,
      outputLen: passwordHashOptions.outputLen,
    });
    expect(passwordNeedsRehash(dummyPasswordHash)).toBe(false);
  });

  it("spends about the same time without a hash as with a wrong password", async () => {
    const hash = await hashPassword("correct horse battery staple");
    await verifyPassword(hash, "warm-up");
    const [wrongPassword, noHash] = await medianTimesMs(
      () => verifyPassword(hash, "wrong password"),
      () => verifyPassword(null, "wrong password"),
    );
    expect(noHash / wrongPassword).toBeGreaterThan(0.5);
    expect(noHash / wrongPassword).toBeLessThan(2);
  });

  it("flags hashes made with older parameters for rehashing", async () => {
    expect(passwordNeedsRehash(await hashPassword("x"))).toBe(false);
    expect(
      passwordNeedsRehash(
        "$argon2id$v=19$m=4096,t=3,p=1$c29tZXNhbHRzb21lc2FsdA$Jb7z0iFMYr2wTIuOZ7Wr0Vk1jD4QFt4w5Y0mUq4n7kQ",
      ),
    ).toBe(true);
    expect(passwordNeedsRehash("garbage")).toBe(true);
  });
});

describe("password policy", () => {
  it("refuses short and overlong passwords on the named field", () => {
    expect(() => assertPasswordPolicy("short", "newPassword")).toThrow(
      expect.objectContaining({
        code: "VALIDATION_FAILED",
        fieldIssues: [expect.objectContaining({ path: "newPassword" })],
      }),
    );
    expect(() => assertPasswordPolicy("x".repeat(257))).toThrow(
      expect.objectContaining({ code: "VALIDATION_FAILED" }),
    );
    expect(() => assertPasswordPolicy("twelve chars")).not.toThrow();
  });
});
