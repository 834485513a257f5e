import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

/** How long a download link works. Long enough to start a large download, short enough to leak little. */
export const EXPORT_LINK_TTL_SECONDS = 15 * 60;

export interface ExportLink {
  /** Path and query of the download route (relative to the server's origin). */
  url: string;
  expiresAt: Date;
}

export type ExportLinkCheck = "VALID" | "EXPIRED" | "INVALID";

function linkKey(secret: string): Buffer {
  // A key of its own, so a signature can never be replayed as anything but an export link.
  return Buffer.from(hkdfSync("sha256", secret, "keyward/export-link/v1", "keyward/export-link", 32));
}

function signature(secret: string, receiptId: string, expires: number): string {
  return createHmac("sha256", linkKey(secret)).update(`${receiptId}.${expires}`).digest("hex");
}

/** A signed, short-lived link to `GET /v1/exports/:id` (HMAC-SHA256 with the server secret). */
export function signExportLink(secret: string, receiptId: string, now: Date): ExportLink {
  const expires = Math.floor(now.getTime() / 1000) + EXPORT_LINK_TTL_SECONDS;
  const query = new URLSearchParams({
    expires: String(expires),
    signature: signature(secret, receiptId, expires),
  });
  return {
    url: `/v1/exports/${encodeURIComponent(receiptId)}?${query.toString()}`,
    expiresAt: new Date(expires * 1000),
  };
}

/** Checks a link's signature (constant time) and expiry. A tampered id, expiry or signature is INVALID. */
export function checkExportLink(
  secret: string,
  receiptId: string,
  expiresParam: string | null,
  signatureParam: string | null,
  now: Date,
): ExportLinkCheck {
  if (!expiresParam || !signatureParam || !/^\d{1,12}$/.test(expiresParam)) return "INVALID";
  const expected = Buffer.from(signature(secret, receiptId, Number(expiresParam)), "hex");
  const given = /^[0-9a-f]{64}$/.test(signatureParam) ? Buffer.from(signatureParam, "hex") : Buffer.alloc(0);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return "INVALID";
  return Number(expiresParam) * 1000 <= now.getTime() ? "EXPIRED" : "VALID";
}
