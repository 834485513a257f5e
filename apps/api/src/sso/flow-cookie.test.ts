import { describe, expect, it } from "vitest";
import {
  clearFlowCookieHeader,
  createFlowCookieSigner,
  FLOW_LIFETIME_SECONDS,
  flowCookieHeader,
  readCookie,
} from "./flow-cookie.ts";

const flow = { state: "state-1", codeVerifier: "v".repeat(43), nonce: "nonce-1" };
const now = new Date("2026-03-01T10:00:00Z");
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);

describe("flow cookie", () => {
  const signer = createFlowCookieSigner("test-secret-test-secret-test-secret-0123");

  it("gives back the sealed flow before it expires", () => {
    const value = signer.seal(flow, now);
    expect(signer.open(value, now)).toEqual(flow);
    expect(signer.open(value, later(FLOW_LIFETIME_SECONDS - 1))).toEqual(flow);
  });

  it("refuses an expired, missing or malformed value", () => {
    const value = signer.seal(flow, now);
    expect(signer.open(value, later(FLOW_LIFETIME_SECONDS))).toBeNull();
    expect(signer.open(null, now)).toBeNull();
    expect(signer.open("", now)).toBeNull();
    expect(signer.open("no-signature", now)).toBeNull();
    expect(signer.open(`${value}.extra`, now)).toBeNull();
  });

  it("refuses a value whose payload or signature was changed", () => {
    const [payload = "", signature = ""] = signer.seal(flow, now).split(".");
    const forged = Buffer.from(
      JSON.stringify({ ...flow, state: "attacker", expiresAt: 4_000_000_000 }),
    ).toString("base64url");
    expect(signer.open(`${forged}.${signature}`, now)).toBeNull();
    const flipped = `${signature.slice(0, -1)}${signature.endsWith("A") ? "B" : "A"}`;
    expect(signer.open(`${payload}.${flipped}`, now)).toBeNull();
  });

  it("refuses a value sealed with another secret", () => {
    const other = createFlowCookieSigner("another-secret-another-secret-another-0");
    expect(signer.open(other.seal(flow, now), now)).toBeNull();
  });

  it("refuses a validly signed payload of the wrong shape", () => {
    const value = signer.seal({ ...flow, codeVerifier: "short" }, now);
    expect(signer.open(value, now)).toBeNull();
  });

  it("is HttpOnly, SameSite=Lax, scoped to the callback, Secure when asked", () => {
    expect(flowCookieHeader("v", false)).toBe(
      `keyward_oidc=v; Path=/auth/oidc/callback; HttpOnly; SameSite=Lax; Max-Age=${FLOW_LIFETIME_SECONDS}`,
    );
    expect(flowCookieHeader("v", true)).toContain("; Secure;");
    expect(clearFlowCookieHeader(true)).toBe(
      "keyward_oidc=; Path=/auth/oidc/callback; HttpOnly; SameSite=Lax; Secure; Max-Age=0",
    );
  });

  it("reads one cookie among several", () => {
    expect(readCookie("a=1; keyward_oidc=x.y; b=2", "keyward_oidc")).toBe("x.y");
    expect(readCookie("a=1", "keyward_oidc")).toBeNull();
    expect(readCookie(undefined, "keyward_oidc")).toBeNull();
  });
});
