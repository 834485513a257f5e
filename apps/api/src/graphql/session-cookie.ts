import type { SessionCookieJar } from "@keyward/schema";

export const SESSION_COOKIE = "keyward_session";

/** Reads the session token from a Cookie header. */
export function readSessionCookie(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(";")) {
    const index = part.indexOf("=");
    if (index > 0 && part.slice(0, index).trim() === SESSION_COOKIE) {
      return decodeURIComponent(part.slice(index + 1).trim()) || null;
    }
  }
  return null;
}

/** Collects Set-Cookie values for one response: HttpOnly, SameSite=Lax, Secure outside localhost. */
export function createSessionCookieJar(secure: boolean): SessionCookieJar & { headers: string[] } {
  const attributes = `Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
  const headers: string[] = [];
  return {
    headers,
    set(token, expiresAt) {
      headers.push(`${SESSION_COOKIE}=${token}; ${attributes}; Expires=${expiresAt.toUTCString()}`);
    },
    clear() {
      headers.push(`${SESSION_COOKIE}=; ${attributes}; Max-Age=0`);
    },
  };
}
