import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";

/** Encrypts small secrets (TOTP keys) for storage; only the server secret can open them. */
export interface SecretBox {
  /** Encrypts; `context` (e.g. the owning profile id) must be given again to open. */
  seal(plaintext: Uint8Array, context?: string): string;
  /** Decrypts, or throws SecretBoxError when the value was altered, moved or sealed with another key. */
  open(sealed: string, context?: string): Uint8Array;
}

/** A sealed value that cannot be opened: an unexpected failure, never shown to clients. */
export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SecretBoxError";
  }
}

const version = "v1";
const ivBytes = 12;
const tagBytes = 16;
const minimumSecretLength = 16;

/**
 * Sealed format: `v1.<iv>.<ciphertext>.<tag>` (base64url). v1 = AES-256-GCM with a key derived by
 * HKDF-SHA-256 from the server secret and `purpose`; the version and context are authenticated.
 */
export function createSecretBox(serverSecret: string, purpose = "keyward/secret-box"): SecretBox {
  if (serverSecret.length < minimumSecretLength) {
    throw new Error(`The server secret must be at least ${minimumSecretLength} characters long`);
  }
  const key = Buffer.from(hkdfSync("sha256", serverSecret, "keyward/secret-box/v1", purpose, 32));
  const associatedData = (context: string | undefined) => Buffer.from(`${version}\u0000${context ?? ""}`);

  return {
    seal(plaintext, context) {
      const iv = randomBytes(ivBytes);
      const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: tagBytes });
      cipher.setAAD(associatedData(context));
      const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
      const tag = cipher.getAuthTag();
      return [version, iv, ciphertext, tag]
        .map((part) => (typeof part === "string" ? part : part.toString("base64url")))
        .join(".");
    },
    open(sealed, context) {
      const [sealedVersion, iv, ciphertext, tag, ...rest] = sealed.split(".");
      if (sealedVersion !== version || iv === undefined || ciphertext === undefined || tag === undefined) {
        throw new SecretBoxError("Unknown sealed secret format");
      }
      const ivBuffer = Buffer.from(iv, "base64url");
      const tagBuffer = Buffer.from(tag, "base64url");
      if (rest.length > 0 || ivBuffer.length !== ivBytes || tagBuffer.length !== tagBytes) {
        throw new SecretBoxError("Unknown sealed secret format");
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", key, ivBuffer, { authTagLength: tagBytes });
        decipher.setAAD(associatedData(context));
        decipher.setAuthTag(tagBuffer);
        const plaintext = Buffer.concat([
          decipher.update(Buffer.from(ciphertext, "base64url")),
          decipher.final(),
        ]);
        return new Uint8Array(plaintext);
      } catch {
        throw new SecretBoxError("The sealed secret failed authentication");
      }
    },
  };
}
