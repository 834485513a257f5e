import { type Algorithm, hash, parseOptions, verify } from "@node-rs/argon2";

/** `Algorithm.Argon2id`: the enum is a `const enum`, which isolated modules cannot read at run time. */
const argon2id = 2 as Algorithm.Argon2id;

/** OWASP's argon2id recommendation (19 MiB, 2 passes, 1 lane). */
export const passwordHashOptions = {
  algorithm: argon2id,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
  outputLen: 32,
} as const;

/**
 * An argon2id hash of a random, discarded password, made with `passwordHashOptions`. Verifying
 * against it when there is no real hash (unknown email, service account, SSO-only user) costs the
 * same time as a wrong password, so response times do not reveal which emails exist.
 */
export const dummyPasswordHash =
  "$argon2id$v=19$m=19456,t=2,p=1$bsY3duQ0Bp1Rz+fMaCiDtw$tY9T19sBt/PwP5POPQH1dS7GBD5WjibHtwlxyaXxtaQ";

/** Hashes a password with argon2id (PHC string with its own random salt). */
export function hashPassword(password: string): Promise<string> {
  return hash(password, passwordHashOptions);
}

/**
 * Checks a password against a stored hash; with no hash (null) it verifies against the dummy hash
 * and returns false, spending the same time as a real comparison. A malformed hash is a mismatch.
 */
export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    const matches = await verify(passwordHash ?? dummyPasswordHash, password);
    return passwordHash !== null && matches;
  } catch {
    return false;
  }
}

/** True when a stored hash was made with other parameters than today's and should be replaced. */
export function passwordNeedsRehash(passwordHash: string): boolean {
  try {
    const options = parseOptions(passwordHash);
    return (
      options.algorithm !== passwordHashOptions.algorithm ||
      options.memoryCost !== passwordHashOptions.memoryCost ||
      options.timeCost !== passwordHashOptions.timeCost ||
      options.parallelism !== passwordHashOptions.parallelism ||
      options.outputLen !== passwordHashOptions.outputLen
    );
  } catch {
    return true;
  }
}
