import { environmentLabels, keyStatusLabels, moduleLabels, parseEnum } from "../format/labels.ts";
import { defaultRegistryFilters, orderLabels, type RegistryFilterValues } from "./registry-filters.tsx";

/** The registry's filters from the query string, so a filtered view can be linked and returned to. */
export function filtersFromSearch(search: string): RegistryFilterValues {
  const params = new URLSearchParams(search);
  return {
    search: params.get("q") ?? "",
    status: parseEnum(keyStatusLabels, params.get("status")),
    ownerId: params.get("owner") ?? "",
    environment: parseEnum(environmentLabels, params.get("env")),
    module: parseEnum(moduleLabels, params.get("module")),
    order: parseEnum(orderLabels, params.get("sort")) || defaultRegistryFilters.order,
  };
}

/** Query parameters for the filters; defaults are left out to keep links short. */
export function filtersToSearchParams(values: RegistryFilterValues): Record<string, string | null> {
  return {
    q: values.search.trim() || null,
    status: values.status || null,
    owner: values.ownerId || null,
    env: values.environment || null,
    module: values.module || null,
    sort: values.order === defaultRegistryFilters.order ? null : values.order,
  };
}
