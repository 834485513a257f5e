import { Button, SelectField, type SelectOption } from "@keyward/ui";
import {
  type Environment,
  environmentLabels,
  type KeyModule,
  type KeyStatus,
  keyStatusLabels,
  moduleLabels,
  optionsOf,
} from "../format/labels.ts";
import type { SchemaType } from "../graphql/graphql.ts";
import { SearchField } from "../shell/search-field.tsx";

export type KeyOrder = SchemaType<"ApiKeyOrder">;

export interface RegistryFilterValues {
  search: string;
  status: KeyStatus | "";
  ownerId: string;
  environment: Environment | "";
  module: KeyModule | "";
  order: KeyOrder;
}

export const defaultRegistryFilters: RegistryFilterValues = {
  search: "",
  status: "",
  ownerId: "",
  environment: "",
  module: "",
  order: "CREATED_AT_DESC",
};

export const orderLabels: Record<KeyOrder, string> = {
  CREATED_AT_DESC: "Newest first",
  CREATED_AT_ASC: "Oldest first",
  LAST_USED_DESC: "Recently used first",
  LAST_USED_ASC: "Least recently used first",
  NAME_ASC: "Name (A–Z)",
  EXPIRES_AT_ASC: "Expiring soonest",
};

/** The API filter for the registry query; empty filters are left out. */
export function toApiKeyFilter(values: RegistryFilterValues): SchemaType<"ApiKeyFilter"> {
  return {
    search: values.search.trim() || null,
    status: values.status ? [values.status] : null,
    ownerId: values.ownerId || null,
    environment: values.environment ? [values.environment] : null,
    module: values.module ? [values.module] : null,
  };
}

export interface RegistryFiltersProps {
  value: RegistryFilterValues;
  onChange: (value: RegistryFilterValues) => void;
  owners: readonly SelectOption[];
}

/** Search as you type, status/owner/environment/module filters and the sort order. */
export function RegistryFilters({ value, onChange, owners }: RegistryFiltersProps) {
  const set = <Field extends keyof RegistryFilterValues>(field: Field, next: RegistryFilterValues[Field]) =>
    onChange({ ...value, [field]: next });
  const active = Boolean(value.search || value.status || value.ownerId || value.environment || value.module);

  return (
    // biome-ignore lint/a11y/useSemanticElements: <search> is unknown to parts of the toolchain (happy-dom); the role is equivalent.
    <div role="search" className="kw-filters" aria-label="Filter keys">
      <SearchField
        className="kw-filters__search"
        label="Search"
        placeholder="Name, owner or key prefix"
        value={value.search}
        onSearch={(search) => set("search", search)}
      />
      <SelectField
        label="Status"
        name="status"
        placeholder="All"
        options={optionsOf(keyStatusLabels)}
        value={value.status}
        onValueChange={(status) => set("status", status)}
      />
      <SelectField
        label="Owner"
        name="owner"
        placeholder="All"
        options={owners}
        value={value.ownerId}
        onValueChange={(ownerId) => set("ownerId", ownerId)}
      />
      <SelectField
        label="Environment"
        name="environment"
        placeholder="All"
        options={optionsOf(environmentLabels)}
        value={value.environment}
        onValueChange={(environment) => set("environment", environment)}
      />
      <SelectField
        label="Module"
        name="module"
        placeholder="All"
        options={optionsOf(moduleLabels)}
        value={value.module}
        onValueChange={(module) => set("module", module)}
      />
      <SelectField
        label="Sort by"
        name="order"
        options={optionsOf(orderLabels)}
        value={value.order}
        onValueChange={(order) => set("order", order || "CREATED_AT_DESC")}
      />
      {active ? (
        <Button
          className="kw-filters__clear"
          variant="ghost"
          onClick={() => onChange({ ...defaultRegistryFilters, order: value.order })}
        >
          Clear filters
        </Button>
      ) : null}
    </div>
  );
}
