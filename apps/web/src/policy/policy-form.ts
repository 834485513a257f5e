import type { SchemaType } from "../graphql/graphql.ts";

type UpdateOrgPolicyInput = SchemaType<"UpdateOrgPolicyInput">;

/** The policy form keeps numbers as typed text, so a half-typed value is not coerced. */
export interface PolicyFormValues {
  autoRotation: boolean;
  rotationAgeDays: string;
  rotationGraceDays: string;
  expiryAlertDays: string;
  maxExpiryDays: string;
  usageMonitoring: boolean;
  suspiciousActivityDetection: boolean;
  autoLockSuspicious: boolean;
  failedAuthBurstThreshold: string;
  failedAuthBurstWindowSecs: string;
  requireIpAllowlistInProduction: boolean;
}

export type PolicyFormErrors = Partial<Record<keyof PolicyFormValues, string>>;

export interface OrgPolicyValues {
  maxExpiryDays: number;
  rotationAgeDays: number | null;
  rotationGraceDays: number;
  expiryAlertDays: number;
  usageMonitoring: boolean;
  suspiciousActivityDetection: boolean;
  autoLockSuspicious: boolean;
  failedAuthBurstThreshold: number;
  failedAuthBurstWindowSecs: number;
  requireIpAllowlistInProduction: boolean;
}

export function policyFormValues(policy: OrgPolicyValues): PolicyFormValues {
  return {
    autoRotation: policy.rotationAgeDays !== null,
    rotationAgeDays: String(policy.rotationAgeDays ?? 90),
    rotationGraceDays: String(policy.rotationGraceDays),
    expiryAlertDays: String(policy.expiryAlertDays),
    maxExpiryDays: String(policy.maxExpiryDays),
    usageMonitoring: policy.usageMonitoring,
    suspiciousActivityDetection: policy.suspiciousActivityDetection,
    autoLockSuspicious: policy.autoLockSuspicious,
    failedAuthBurstThreshold: String(policy.failedAuthBurstThreshold),
    failedAuthBurstWindowSecs: String(policy.failedAuthBurstWindowSecs),
    requireIpAllowlistInProduction: policy.requireIpAllowlistInProduction,
  };
}

const wholeNumber = (text: string, min: number, max: number): number | undefined => {
  if (!/^\d+$/.test(text.trim())) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? value : undefined;
};

/** The update input, or the fields that are out of range. */
export function toPolicyInput(
  values: PolicyFormValues,
): { input: UpdateOrgPolicyInput; errors?: undefined } | { input?: undefined; errors: PolicyFormErrors } {
  const errors: PolicyFormErrors = {};
  const number = (field: keyof PolicyFormValues, text: string, min: number, max: number) => {
    const value = wholeNumber(text, min, max);
    if (value === undefined) errors[field] = `Enter a whole number from ${min} to ${max}.`;
    return value ?? min;
  };
  const input: UpdateOrgPolicyInput = {
    rotationAgeDays: values.autoRotation ? number("rotationAgeDays", values.rotationAgeDays, 1, 3650) : null,
    rotationGraceDays: number("rotationGraceDays", values.rotationGraceDays, 0, 365),
    expiryAlertDays: number("expiryAlertDays", values.expiryAlertDays, 0, 365),
    maxExpiryDays: number("maxExpiryDays", values.maxExpiryDays, 1, 3650),
    usageMonitoring: values.usageMonitoring,
    suspiciousActivityDetection: values.suspiciousActivityDetection,
    autoLockSuspicious: values.suspiciousActivityDetection && values.autoLockSuspicious,
    failedAuthBurstThreshold: number("failedAuthBurstThreshold", values.failedAuthBurstThreshold, 1, 100_000),
    failedAuthBurstWindowSecs: number(
      "failedAuthBurstWindowSecs",
      values.failedAuthBurstWindowSecs,
      1,
      86_400,
    ),
    requireIpAllowlistInProduction: values.requireIpAllowlistInProduction,
  };
  return Object.keys(errors).length > 0 ? { errors } : { input };
}
