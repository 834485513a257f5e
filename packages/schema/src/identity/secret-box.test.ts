import { describe, expect, it } from "vitest";
import { createSecretBox, SecretBoxError } from "./secret-box.ts";

const serverSecret = "test-server-secret-0123456789abcdef";
const plaintext = new TextEncoder().encode("JBSWY3DPEHPK3PXP-secret");

function flipCharacter(part: string, index = 0): string {
  const replacement = part[index] === "A" ? "B" : "A";
  return part.slice(0, index) + replacement + part.slice(index + 1);
}

describe("secret box", () => {
  const box = createSecretBox(serverSecret);

  it("round-trips in a versioned format that does not contain the plaintext", () => {
    const sealed = box.seal(plaintext, "profile-1");
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain("JBSWY3DP");
    expect(box.open(sealed, "profile-1")).toEqual(plaintext);
  });

  it("uses a fresh IV each time", () => {
    expect(box.seal(plaintext)).not.toBe(box.seal(plaintext));
  });

  it("refuses any altered part: IV, ciphertext, tag or version", () => {
    const sealed = box.seal(plaintext, "profile-1");
    const [version, iv, ciphertext, tag] = sealed.split(".") as [string, string, string, string];
    const tampered = [
      [version, flipCharacter(iv), ciphertext, tag],
      [version, iv, flipCharacter(ciphertext), tag],
      [version, iv, ciphertext, flipCharacter(tag)],
      ["v2", iv, ciphertext, tag],
      [version, iv, ciphertext],
    ];
    for (const parts of tampered) {
      expect(() => box.open(parts.join("."), "profile-1")).toThrow(SecretBoxError);
    }
  });

  it("refuses a value moved to another context (another profile's row)", () => {
    const sealed = box.seal(plaintext, "profile-1");
    expect(() => box.open(sealed, "profile-2")).toThrow(SecretBoxError);
    expect(() => box.open(sealed)).toThrow(SecretBoxError);
  });

  it("refuses a value sealed with another server secret or purpose", () => {
    const sealed = box.seal(plaintext);
    expect(() => createSecretBox("another-server-secret-0123456789").open(sealed)).toThrow(SecretBoxError);
    expect(() => createSecretBox(serverSecret, "keyward/other-purpose").open(sealed)).toThrow(SecretBoxError);
  });

  it("refuses a server secret too short to derive a key from", () => {
    expect(() => createSecretBox("short")).toThrow(/at least 16 characters/);
  });
});
