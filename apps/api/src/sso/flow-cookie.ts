import { createHmac, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { OIDC_CALLBACK_PATH } from "./oidc-config.ts";

/**
 * What one sign-in attempt must remember between /auth/oidc/start and the callback. It lives in
 * the browser, in an HttpOnly cookie signed with the server secret, so any instance can finish a
 * flow another instance started (no sticky sessions, no server-side store).
 */
export interface OidcFlow {
  state: string;
  codeVerifier: string;
  nonce: string;
}

export const FLOW_COOKIE = "keyward_oidc";
/** Long enough to sign in at the provider (including MFA there), short enough to be useless later. */
export const FLOW_LIFETIME_SECONDS = 10 * 60;

const payloadSchema = z.object({
  state: z.string().min(1),
  codeVerifier: z.string().min(43).max(128),
  nonce: z.string().min(1),
  expiresAt: z.number().int(),
});

/** A signer whose key is derived from the server secret for this purpose only. */
export function createFlowCookieSigner(secret: string) {
  const key = createHmac("sha256", secret).update("keyward:oidc-flow-cookie:v1").digest();
  const sign = (payload: string) => createHmac("sha256", key).update(payload).digest("base64url");

  return {
    /** The cookie value for a flow started at `now`. */
    seal(flow: OidcFlow, now: Date): string {
      const expiresAt = Math.floor(now.getTime() / 1000) + FLOW_LIFETIME_SECONDS;
      const payload = Buffer.from(JSON.stringify({ ...flow, expiresAt })).toString("base64url");
      return `${payload}.${sign(payload)}`;
    },
    /** The flow, or null when the value is missing, tampered with, malformed or expired. */
    open(value: string | null, now: Date): OidcFlow | null {
      if (value === null) return null;
      const [payload, signature, ...rest] = value.split(".");
      if (payload === undefined || signature === undefined || rest.length > 0) return null;
      const expected = Buffer.from(sign(payload));
      const presented = Buffer.from(signature);
      if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return null;
      let decoded: unknown;
      try {
        decoded = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
      } catch {
        return null;
      }
      const parsed = payloadSchema.safeParse(decoded);
      if (!parsed.success || parsed.data.expiresAt <= now.getTime() / 1000) return null;
      const { state, codeVerifier, nonce } = parsed.data;
      return { state, codeVerifier, nonce };
    },
  };
}

export type FlowCookieSigner = ReturnType<typeof createFlowCookieSigner>;

/**
 * Set-Cookie for the flow. SameSite=Lax (not Strict): the provider's redirect back is a
 * cross-site top-level navigation, which must carry the cookie. Scoped to the callback path.
 */
export function flowCookieHeader(value: string, secure: boolean): string {
  return `${FLOW_COOKIE}=${value}; Path=${OIDC_CALLBACK_PATH}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}; Max-Age=${FLOW_LIFETIME_SECONDS}`;
}

/** Set-Cookie that deletes the flow cookie: one callback per flow. */
export function clearFlowCookieHeader(secure: boolean): string {
  return `${FLOW_COOKIE}=; Path=${OIDC_CALLBACK_PATH}; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}; Max-Age=0`;
}

/** Reads one cookie from a Cookie header. */
export function readCookie(cookieHeader: string | undefined, name: string): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim() || null;
  }
  return null;
}
