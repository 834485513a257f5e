/** Emails are compared trimmed and lower-cased (Profile.email is stored that way). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
