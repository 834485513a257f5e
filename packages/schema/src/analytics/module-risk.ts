/** What the risk of a module is judged on (active keys, and recent verification outcomes). */
export interface ModuleRiskInputs {
  /** Active production keys holding EXECUTE or ADMIN. */
  privilegedProduction: number;
  /** Active production keys without an IP allowlist. */
  unrestrictedProduction: number;
  /** Active production keys holding EXECUTE or ADMIN and no IP allowlist. */
  privilegedUnrestricted: number;
  /** Verifications of the module's keys in the risk window, and how many were refused. */
  attempts: number;
  failures: number;
}

export type RiskLevel = "LOW" | "MEDIUM" | "HIGH";

/** The documented rule (README, "Analytics"): thresholds in one place. */
export const riskRule = {
  /** Verification outcomes count over this many days. */
  windowDays: 7,
  /** Below this many verifications the failure ratio is noise and is ignored. */
  minimumAttempts: 20,
  highFailureRatio: 0.25,
  mediumFailureRatio: 0.05,
} as const;

/**
 * HIGH: a production key that can act (EXECUTE/ADMIN) is usable from anywhere, or a quarter of
 * recent verifications failed. MEDIUM: privileged production keys (restricted), production
 * keys without an allowlist, or more than 5 % failures. LOW otherwise.
 */
export function moduleRisk(inputs: ModuleRiskInputs): { level: RiskLevel; reasons: string[] } {
  const ratio =
    inputs.attempts >= riskRule.minimumAttempts && inputs.attempts > 0
      ? inputs.failures / inputs.attempts
      : 0;
  const percent = `${Math.round(ratio * 100)} %`;
  const high: string[] = [];
  const medium: string[] = [];
  if (inputs.privilegedUnrestricted > 0) {
    high.push(`${inputs.privilegedUnrestricted} production key(s) with Execute/Admin and no IP allowlist`);
  }
  if (ratio >= riskRule.highFailureRatio) high.push(`${percent} of recent verifications failed`);
  if (inputs.privilegedProduction > inputs.privilegedUnrestricted) {
    medium.push(
      `${inputs.privilegedProduction - inputs.privilegedUnrestricted} production key(s) with Execute/Admin`,
    );
  }
  if (inputs.unrestrictedProduction > inputs.privilegedUnrestricted) {
    medium.push(
      `${inputs.unrestrictedProduction - inputs.privilegedUnrestricted} production key(s) without an IP allowlist`,
    );
  }
  if (ratio >= riskRule.mediumFailureRatio && ratio < riskRule.highFailureRatio) {
    medium.push(`${percent} of recent verifications failed`);
  }
  if (high.length > 0) return { level: "HIGH", reasons: [...high, ...medium] };
  if (medium.length > 0) return { level: "MEDIUM", reasons: medium };
  return { level: "LOW", reasons: [] };
}
