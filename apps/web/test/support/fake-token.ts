/** A random token of the real shape (never a real key): kw_<env>_ + 36 base62 characters. */
export function fakeToken(environment: "dev" | "prd" = "dev"): string {
  const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  const random = crypto.getRandomValues(new Uint8Array(36));
  return `kw_${environment}_${Array.from(random, (byte) => alphabet[byte % 62]).join("")}`;
}
