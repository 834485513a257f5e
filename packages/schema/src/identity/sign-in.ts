import { DomainError, type ErrorCode } from "../errors/index.ts";
import type { EventBus } from "../events/index.ts";
import type { PrismaClient, Session } from "../generated/prisma/client.ts";
import type { Clock } from "../runtime/clock.ts";
import { normalizeEmail } from "./email.ts";
import { hashPassword, passwordNeedsRehash, verifyPassword } from "./password-hashing.ts";
import { type ProfileSummary, profileSummarySelect } from "./profile-summary.ts";
import { createSession } from "./sessions.ts";
import type { SignInLimiter } from "./sign-in-limiter.ts";

export interface SignInDependencies {
  prisma: PrismaClient;
  clock: Clock;
  events: EventBus;
  limiter: SignInLimiter;
}

export interface SignInInput {
  email: string;
  password: string;
  ip: string | null;
  userAgent: string | null;
}

export interface SignInResult {
  /** Goes into the HttpOnly session cookie; never stored. */
  token: string;
  session: Session;
  profile: ProfileSummary;
  /** TOTP is enabled: the session may only verify a code (or sign out) until it passes. */
  mfaRequired: boolean;
}

const invalidCredentialsMessage = "The email or password is incorrect";

/**
 * Password sign-in. Unknown email, wrong password, service account and password-less (SSO) users
 * all fail alike with INVALID_CREDENTIALS after the same argon2 work; ACCOUNT_INACTIVE is only
 * revealed to someone who knows the password; RATE_LIMITED when the limiter refuses.
 */
export async function signIn(deps: SignInDependencies, input: SignInInput): Promise<SignInResult> {
  const email = normalizeEmail(input.email);
  const ip = input.ip ?? "unknown";
  const profile = await deps.prisma.profile.findUnique({
    where: { email },
    select: { ...profileSummarySelect, passwordHash: true },
  });

  const fail = (code: ErrorCode, message: string): never => {
    // Failures for emails that match no profile have no account to report to.
    if (profile !== null) {
      deps.events.publish("auth.failure", {
        accountId: profile.accountId,
        kind: "SIGN_IN",
        code,
        keyId: null,
        ownerId: profile.id,
        presentedHint: null,
        email,
        ip: input.ip,
        occurredAt: deps.clock.now(),
      });
    }
    throw new DomainError(code, message);
  };

  const decision = await deps.limiter.consume({ ip, email });
  if (!decision.allowed) {
    return fail(
      "RATE_LIMITED",
      `Too many sign-in attempts; try again in ${decision.retryAfterSeconds} seconds`,
    );
  }

  const passwordHash = profile?.kind === "USER" ? profile.passwordHash : null;
  const passwordMatches = await verifyPassword(passwordHash, input.password);
  if (profile === null || passwordHash === null || !passwordMatches) {
    return fail("INVALID_CREDENTIALS", invalidCredentialsMessage);
  }
  await deps.limiter.reset({ ip, email });
  if (profile.status !== "ACTIVE") {
    return fail("ACCOUNT_INACTIVE", "This account is deactivated; ask an administrator to reactivate it");
  }

  const rehashed = passwordNeedsRehash(passwordHash) ? await hashPassword(input.password) : null;
  const now = deps.clock.now();
  return deps.prisma.$transaction(async (transaction) => {
    const { token, session } = await createSession({ prisma: transaction, clock: deps.clock }, profile.id, {
      ip: input.ip,
      userAgent: input.userAgent,
    });
    const signedIn = await transaction.profile.update({
      where: { id: profile.id },
      data: { lastSignInAt: now, ...(rehashed === null ? {} : { passwordHash: rehashed }) },
      select: profileSummarySelect,
    });
    return { token, session, profile: signedIn, mfaRequired: signedIn.totpEnabledAt !== null };
  });
}
