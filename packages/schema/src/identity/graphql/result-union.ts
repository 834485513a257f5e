import { DomainError } from "../../errors/index.ts";

/** Errors-plugin options: the mutation returns `<payload> | KeywardError` as the union `name`. */
export const resultUnion = (name: string) => ({
  types: [DomainError],
  directResult: true as const,
  union: { name },
});
