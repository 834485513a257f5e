import { describe, expect, it } from "vitest";
import { moduleRisk } from "./module-risk.ts";

const quiet = {
  privilegedProduction: 0,
  unrestrictedProduction: 0,
  privilegedUnrestricted: 0,
  attempts: 0,
  failures: 0,
};

describe("module risk rule", () => {
  it("is LOW with no production exposure and few failures", () => {
    expect(moduleRisk(quiet)).toEqual({ level: "LOW", reasons: [] });
    expect(moduleRisk({ ...quiet, attempts: 100, failures: 4 }).level).toBe("LOW");
  });

  it("is HIGH for a privileged production key usable from anywhere", () => {
    const risk = moduleRisk({
      ...quiet,
      privilegedProduction: 1,
      unrestrictedProduction: 1,
      privilegedUnrestricted: 1,
    });
    expect(risk.level).toBe("HIGH");
    expect(risk.reasons).toEqual(["1 production key(s) with Execute/Admin and no IP allowlist"]);
  });

  it("is MEDIUM for restricted privileged or unrestricted plain production keys", () => {
    expect(moduleRisk({ ...quiet, privilegedProduction: 2 })).toEqual({
      level: "MEDIUM",
      reasons: ["2 production key(s) with Execute/Admin"],
    });
    expect(moduleRisk({ ...quiet, unrestrictedProduction: 1 })).toEqual({
      level: "MEDIUM",
      reasons: ["1 production key(s) without an IP allowlist"],
    });
  });

  it("judges the failure ratio only past a minimum of attempts", () => {
    expect(moduleRisk({ ...quiet, attempts: 19, failures: 19 }).level).toBe("LOW");
    expect(moduleRisk({ ...quiet, attempts: 20, failures: 1 }).level).toBe("MEDIUM");
    expect(moduleRisk({ ...quiet, attempts: 100, failures: 24 }).level).toBe("MEDIUM");
    expect(moduleRisk({ ...quiet, attempts: 100, failures: 25 })).toEqual({
      level: "HIGH",
      reasons: ["25 % of recent verifications failed"],
    });
  });
});
