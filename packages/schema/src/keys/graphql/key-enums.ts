import { Environment, KeyModule, Permission, RevocationCause } from "../../generated/prisma/enums.ts";
import { builder } from "../../graphql/builder.ts";
import { keyStatusValues } from "../key-status.ts";

export { type KeyStatusView, keyStatusValues, keyStatusView } from "../key-status.ts";

export const EnvironmentEnum = builder.enumType(Environment, { name: "Environment" });
export const PermissionEnum = builder.enumType(Permission, { name: "Permission" });
export const KeyModuleEnum = builder.enumType(KeyModule, { name: "KeyModule" });
export const RevocationCauseEnum = builder.enumType(RevocationCause, { name: "RevocationCause" });

/** The stored statuses plus EXPIRED, which is derived from `expiresAt`. */
export const KeyStatusEnum = builder.enumType("KeyStatus", { values: keyStatusValues });

export const ExpiryPresetEnum = builder.enumType("ExpiryPreset", {
  values: {
    DAYS_30: { description: "30 days" },
    DAYS_60: { description: "60 days" },
    DAYS_90: { description: "90 days" },
  },
});
