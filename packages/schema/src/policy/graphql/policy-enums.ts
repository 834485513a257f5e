import { AlertKind, AlertSeverity } from "../../generated/prisma/enums.ts";
import { builder } from "../../graphql/builder.ts";
import type { policyRules } from "../policy-rules.ts";

export const AlertKindEnum = builder.enumType(AlertKind, { name: "AlertKind" });
export const AlertSeverityEnum = builder.enumType(AlertSeverity, { name: "AlertSeverity" });

export const PolicyRuleEnum = builder.enumType("PolicyRule", {
  values: {
    ROTATION_DUE: { description: "Older than rotationAgeDays: rotate it." },
    ROTATION_OVERDUE: { description: "Past the grace window after rotation was due: expired when acting." },
    EXPIRING_SOON: { description: "Expires within expiryAlertDays." },
    EXPIRED: { description: "Past its expiry." },
    NO_EXPIRY_IN_PRODUCTION: { description: "A production key that never expires." },
    EXPIRY_BEYOND_MAXIMUM: { description: "Lives longer than maxExpiryDays." },
    MISSING_IP_ALLOWLIST_IN_PRODUCTION: {
      description: "A production key without IP allowlist while the policy requires one.",
    },
  } satisfies Record<(typeof policyRules)[number], { description: string }>,
});

export const PolicyActionKindEnum = builder.enumType("PolicyActionKind", {
  values: {
    ROTATION_DUE_SET: { description: "rotationDueAt was set on the key." },
    ROTATION_DUE_CLEARED: { description: "The key is no longer rotation-due: rotationDueAt was cleared." },
    KEY_EXPIRED: { description: "The key was expired (expiresAt set to now)." },
    ALERT_RAISED: { description: "An alert went to the key's owner." },
    ALERT_RESOLVED: { description: "A policy alert was resolved because its condition cleared." },
  },
});
