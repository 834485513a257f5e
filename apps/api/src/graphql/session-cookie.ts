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

/** The session cookie's Set-Cookie values: HttpOnly, SameSite=Lax, Secure outside localhost. */
function sessionCookieValues(secure: boolean) {
  const attributes = `Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}`;
  return {
    set: (token: string, expiresAt: Date) =>
      `${SESSION_COOKIE}=${token}; ${attributes}; Expires=${expiresAt.toUTCString()}`,
    clear: `${SESSION_COOKIE}=; ${attributes}; Max-Age=0`,
  };
}

/** Collects Set-Cookie values for one response. */
export function createSessionCookieJar(secure: boolean): SessionCookieJar & { headers: string[] } {
  const values = sessionCookieValues(secure);
  const headers: string[] = [];
  return {
    headers,
    set(token, expiresAt) {
      headers.push(values.set(token, expiresAt));
    },
    clear() {
      headers.push(values.clear);
    },
  };
}

/**
 * The Set-Cookie values of every GraphQL response, kept per request. A request's jar stores
 * nothing until a resolver sets or clears the cookie, so an anonymous request costs one small
 * object; the operations of a batch share their request's list.
 */
export function createResponseCookies(secure: boolean) {
  const values = sessionCookieValues(secure);
  const pending = new WeakMap<Request, string[]>();
  const add = (request: Request, header: string) => {
    const headers = pending.get(request);
    if (headers === undefined) pending.set(request, [header]);
    else headers.push(header);
  };
  class RequestCookieJar implements SessionCookieJar {
    constructor(private readonly request: Request) {}
    set(token: string, expiresAt: Date) {
      add(this.request, values.set(token, expiresAt));
    }
    clear() {
      add(this.request, values.clear);
    }
  }
  return {
    /** The jar handed to resolvers of `request`. */
    jarFor: (request: Request): SessionCookieJar => new RequestCookieJar(request),
    /** The Set-Cookie values collected for `request` (undefined: none). */
    headersOf: (request: Request): readonly string[] | undefined => pending.get(request),
  };
}
