import { DomainError } from "../../errors/index.ts";

/** A mutation's result union: its payload or a KeywardError with a stable code. */
export const resultErrors = (name: string) => ({
  types: [DomainError],
  directResult: true as const,
  union: { name },
});

/** GraphQL leaves omitted and null apart; the domain inputs only know "not given". */
export const given = <T>(value: T | null | undefined): T | undefined => value ?? undefined;
