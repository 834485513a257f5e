import { DomainError } from "../errors/index.ts";

/** The raw id of a decoded global id of the expected type; another type is "not found". */
export function decodeOwnGlobalId(globalId: { typename: string; id: string }, typename: string): string {
  if (globalId.typename !== typename) throw new DomainError("NOT_FOUND", `${typename} not found`);
  return globalId.id;
}
