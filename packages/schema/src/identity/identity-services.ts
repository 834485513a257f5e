import type { EventBus } from "../events/index.ts";
import type { PrismaClient } from "../generated/prisma/client.ts";
import type { Clock } from "../runtime/clock.ts";
import { createSecretBox, type SecretBox } from "./secret-box.ts";
import { createSignInLimiter, type SignInLimiter } from "./sign-in-limiter.ts";
import { createTotpLimiter, type TotpLimiter } from "./totp-limiter.ts";

/** Long-lived helpers of the identity flows, made once per schema (not per request). */
export interface IdentityServices {
  signInLimiter: SignInLimiter;
  totpLimiter: TotpLimiter;
  /** Seals Profile.totpSecret with a key derived from the server secret. */
  secretBox: SecretBox;
}

export interface IdentityServiceOptions {
  secret: string;
  /** Shared (Redis-backed) limiters for several instances; in-process ones otherwise. */
  signInLimiter?: SignInLimiter | undefined;
  totpLimiter?: TotpLimiter | undefined;
}

export function createIdentityServices(options: IdentityServiceOptions): IdentityServices {
  return {
    signInLimiter: options.signInLimiter ?? createSignInLimiter(),
    totpLimiter: options.totpLimiter ?? createTotpLimiter(),
    secretBox: createSecretBox(options.secret, "keyward/totp-secret"),
  };
}

/** What the identity flows run with (the GraphQL context satisfies it). */
export interface IdentityDependencies {
  prisma: PrismaClient;
  clock: Clock;
  events: EventBus;
  identity: IdentityServices;
}
