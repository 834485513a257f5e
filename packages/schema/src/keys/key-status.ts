/** The stored statuses plus EXPIRED, which is derived from `expiresAt`. */
export const keyStatusValues = ["PENDING", "APPROVED", "ACTIVE", "EXPIRED", "REJECTED", "REVOKED"] as const;
export type KeyStatusView = (typeof keyStatusValues)[number];

export function keyStatusView(key: { status: string; expiresAt: Date | null }, now: Date): KeyStatusView {
  if (key.status === "ACTIVE" && key.expiresAt && key.expiresAt.getTime() <= now.getTime()) return "EXPIRED";
  return key.status as KeyStatusView;
}
