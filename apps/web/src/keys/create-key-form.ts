import type { Environment, KeyModule, Permission } from "../format/labels.ts";
import type { SchemaType } from "../graphql/graphql.ts";

export type ExpiryChoice = "DAYS_30" | "DAYS_60" | "DAYS_90" | "DATE" | "NEVER";

export interface CreateKeyFormValues {
  name: string;
  description: string;
  module: KeyModule | "";
  environment: Environment;
  permissions: Permission[];
  expiry: ExpiryChoice;
  /** yyyy-mm-dd, when `expiry` is DATE. */
  expiryDate: string;
  scopes: string[];
  workspaceIds: string[];
  /** One IP address or CIDR range per line. */
  ipAllowlist: string;
}

export type CreateKeyFormErrors = Partial<Record<keyof CreateKeyFormValues, string>>;

export const emptyCreateKeyForm: CreateKeyFormValues = {
  name: "",
  description: "",
  module: "",
  environment: "DEVELOPMENT",
  permissions: ["READ"],
  expiry: "DAYS_90",
  expiryDate: "",
  scopes: [],
  workspaceIds: [],
  ipAllowlist: "",
};

const ipv4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const ipv6 = /^[0-9a-f:]*:[0-9a-f:.]*$/i;

/** A light check so obvious typos are caught before submitting; the API has the final word. */
export function isIpOrCidr(entry: string): boolean {
  const [address = "", prefix, extra] = entry.split("/");
  if (extra !== undefined) return false;
  const isV4 = ipv4.test(address);
  const isV6 = !isV4 && ipv6.test(address) && address.includes(":");
  if (!isV4 && !isV6) return false;
  if (prefix === undefined) return true;
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (isV4 ? 32 : 128);
}

export function ipAllowlistEntries(text: string): string[] {
  return text
    .split(/[\n,]/)
    .map((entry) => entry.trim())
    .filter(Boolean);
}

/** Execute and Admin need an MFA-verified session (DESIGN §5). */
export function needsStepUp(permissions: readonly Permission[]): boolean {
  return permissions.includes("EXECUTE") || permissions.includes("ADMIN");
}

/** Field errors, in words, for what can be known without the API. */
export function validateCreateKeyForm(values: CreateKeyFormValues, today: string): CreateKeyFormErrors {
  const errors: CreateKeyFormErrors = {};
  const name = values.name.trim();
  if (!name) errors.name = "Give the key a name, e.g. checkout-service-prod.";
  else if (name.length > 100) errors.name = "Use at most 100 characters.";
  if (values.description.length > 500) errors.description = "Use at most 500 characters.";
  if (!values.module) errors.module = "Choose the module this key is used by.";
  if (values.permissions.length === 0) errors.permissions = "Choose at least one permission.";
  if (values.expiry === "NEVER" && values.environment === "PRODUCTION") {
    errors.expiry = "Production keys need an expiry.";
  }
  if (values.expiry === "DATE") {
    if (!values.expiryDate) errors.expiryDate = "Choose the expiry date.";
    else if (values.expiryDate <= today) errors.expiryDate = "Choose a date after today.";
  }
  const invalid = ipAllowlistEntries(values.ipAllowlist).filter((entry) => !isIpOrCidr(entry));
  if (invalid.length > 0) errors.ipAllowlist = `Not an IP address or CIDR range: ${invalid.join(", ")}.`;
  return errors;
}

/** The mutation input for valid form values. */
export function toCreateKeyInput(
  values: CreateKeyFormValues & { module: KeyModule },
): SchemaType<"CreateApiKeyInput"> {
  const expiresIn =
    values.expiry === "DAYS_30" || values.expiry === "DAYS_60" || values.expiry === "DAYS_90"
      ? values.expiry
      : null;
  return {
    name: values.name.trim(),
    description: values.description.trim() || null,
    module: values.module,
    environment: values.environment,
    permissions: values.permissions,
    expiresIn,
    // The end of the chosen day, in the user's time zone.
    expiresAt: values.expiry === "DATE" ? new Date(`${values.expiryDate}T23:59:59`).toISOString() : null,
    scopes: values.scopes,
    workspaceIds: values.workspaceIds,
    ipAllowlist: ipAllowlistEntries(values.ipAllowlist),
  };
}
