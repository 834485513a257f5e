import { describe, expect, it } from "vitest";
import {
  type CreateKeyFormValues,
  emptyCreateKeyForm,
  isIpOrCidr,
  needsStepUp,
  toCreateKeyInput,
  validateCreateKeyForm,
} from "../src/keys/create-key-form.ts";

const valid: CreateKeyFormValues = { ...emptyCreateKeyForm, name: "svc", module: "SANDBOX" };

describe("The create form's rules", () => {
  it("accepts IP addresses and CIDR ranges only", () => {
    for (const entry of ["203.0.113.10", "10.0.0.0/8", "2001:db8::1", "2001:db8::/32"]) {
      expect(isIpOrCidr(entry), entry).toBe(true);
    }
    for (const entry of ["10.0.0.256", "10.0.0.0/33", "example.com", "10.0.0.1/8/9", "2001:db8::/129", ""]) {
      expect(isIpOrCidr(entry), entry).toBe(false);
    }
  });

  it("asks for step-up for Execute and Admin only", () => {
    expect(needsStepUp(["READ", "WRITE"])).toBe(false);
    expect(needsStepUp(["READ", "EXECUTE"])).toBe(true);
    expect(needsStepUp(["ADMIN"])).toBe(true);
  });

  it("requires an expiry for production and a future date when a date is chosen", () => {
    expect(validateCreateKeyForm(valid, "2025-03-01")).toEqual({});
    expect(
      validateCreateKeyForm({ ...valid, environment: "PRODUCTION", expiry: "NEVER" }, "2025-03-01").expiry,
    ).toBe("Production keys need an expiry.");
    expect(
      validateCreateKeyForm({ ...valid, expiry: "DATE", expiryDate: "2025-03-01" }, "2025-03-01").expiryDate,
    ).toBe("Choose a date after today.");
    expect(validateCreateKeyForm({ ...valid, permissions: [] }, "2025-03-01").permissions).toBeTruthy();
    expect(validateCreateKeyForm({ ...valid, name: "  " }, "2025-03-01").name).toBeTruthy();
  });

  it("turns the form into the mutation input", () => {
    expect(
      toCreateKeyInput({ ...valid, module: "SANDBOX", expiry: "NEVER", ipAllowlist: " 10.0.0.1 ,\n\n" }),
    ).toMatchObject({
      expiresIn: null,
      expiresAt: null,
      ipAllowlist: ["10.0.0.1"],
      description: null,
    });
    const dated = toCreateKeyInput({ ...valid, module: "SANDBOX", expiry: "DATE", expiryDate: "2030-06-30" });
    expect(dated.expiresIn).toBeNull();
    expect(new Date(dated.expiresAt ?? "").getFullYear()).toBe(2030);
  });
});
