/** The longest Authorization value looked at: a real bearer is `Bearer ` + 43 characters. */
const MAX_AUTHORIZATION_LENGTH = 512;

/**
 * The token of an `Authorization: Bearer <token>` header: null when there is no header, "" when
 * the header is present but is not a usable bearer (another scheme, no token, absurd length), so
 * that callers can refuse it instead of treating the request as anonymous.
 */
export function bearerTokenOf(authorization: string | null | undefined): string | null {
  if (authorization === null || authorization === undefined) return null;
  if (authorization.length > MAX_AUTHORIZATION_LENGTH || authorization.length < 8) return "";
  // The scheme is case-insensitive (RFC 9110); the common spelling needs no allocation.
  if (!authorization.startsWith("Bearer ") && authorization.slice(0, 7).toLowerCase() !== "bearer ")
    return "";
  const token = authorization.slice(7).trim();
  return token.includes(" ") ? "" : token;
}
