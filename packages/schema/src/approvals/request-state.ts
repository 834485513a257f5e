import { DomainError } from "../errors/index.ts";
import type { ApiKey } from "../generated/prisma/client.ts";

/** Why a request in this state cannot take the step that was asked for. */
export function requestStateError(key: Pick<ApiKey, "status" | "claimedAt">, step: string): DomainError {
  switch (key.status) {
    case "REVOKED":
      return new DomainError("KEY_REVOKED", "This key was revoked");
    case "ACTIVE":
      return key.claimedAt
        ? new DomainError("ALREADY_CLAIMED", "This key was already claimed: its secret is shown only once")
        : new DomainError("INVALID_STATE", `An issued key cannot be ${step}`);
    case "PENDING":
      return new DomainError(
        "INVALID_STATE",
        `This request is still waiting for review and cannot be ${step}`,
      );
    case "APPROVED":
      return new DomainError("INVALID_STATE", `This request was already approved and cannot be ${step}`);
    case "REJECTED":
      return new DomainError("INVALID_STATE", `This request was rejected and cannot be ${step}`);
  }
}
