import { describe, expect, it } from "vitest";
import { batchPrefix, decodeBatch, encodeBatch, type WireBatch } from "./event-codec.ts";

const batch = (origin: string): WireBatch => ({
  // Built events-first: the encoding must still lead with the origin.
  events: [
    {
      topic: "key.invalidate",
      payload: { keyIds: ["k1"] },
    },
    {
      topic: "auth.failure",
      payload: {
        accountId: "a",
        kind: "VERIFY",
        code: "REVOKED",
        keyId: "k1",
        ownerId: null,
        presentedHint: null,
        email: null,
        ip: "192.0.2.1",
        occurredAt: new Date("2026-03-01T12:00:00.123Z"),
      },
    },
  ],
  origin,
});

describe("event codec", () => {
  it("round-trips a batch with its Dates", () => {
    const decoded = decodeBatch(encodeBatch(batch("instance-1")));
    expect(decoded).toEqual(batch("instance-1"));
    const failure = decoded?.events[1]?.payload as { occurredAt: unknown } | undefined;
    expect(failure?.occurredAt).toBeInstanceOf(Date);
  });

  it("tells a publisher's own batches by their prefix, and no other origin's", () => {
    const encoded = encodeBatch(batch("instance-1"));
    expect(encoded.startsWith(batchPrefix("instance-1"))).toBe(true);
    expect(encoded.startsWith(batchPrefix("instance-2"))).toBe(false);
    // An origin that merely starts like ours is another one.
    expect(encodeBatch(batch("instance-10")).startsWith(batchPrefix("instance-1"))).toBe(false);
  });

  it("refuses messages that are not batches", () => {
    for (const message of ["", "not json", "[]", '{"origin":1,"events":[]}', '{"origin":"x","events":[1]}']) {
      expect(decodeBatch(message)).toBeNull();
    }
  });
});
