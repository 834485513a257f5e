import { decodeGlobalID } from "@pothos/plugin-relay";
import { GraphQLError } from "graphql";
import { hasControlCharacter } from "../database/control-characters.ts";
import { DomainError } from "../errors/index.ts";

/** The raw id of a decoded global id of the expected type; another type is "not found". */
export function decodeOwnGlobalId(globalId: { typename: string; id: string }, typename: string): string {
  if (globalId.typename !== typename) throw new DomainError("NOT_FOUND", `${typename} not found`);
  return globalId.id;
}

/** Longer than any id Keyward issues (UUIDs): such an id can only be tampered with. */
const maxRawIdLength = 100;

const invalidGlobalId = (globalId: string) =>
  new GraphQLError(`Invalid global ID: ${globalId}`, { extensions: { code: "VALIDATION_FAILED" } });

/**
 * Decodes every global id argument (the relay plugin's `decodeGlobalID`). An id that is not a
 * global id, or whose raw id no Keyward object can have (too long, control characters: PostgreSQL
 * text cannot hold NUL and would fail the query), is refused as VALIDATION_FAILED before any
 * resolver or database sees it, instead of an uncoded (masked) error.
 */
export function decodeKeywardGlobalId(globalId: string): { typename: string; id: string } {
  let decoded: { typename: string; id: string };
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    throw invalidGlobalId(globalId);
  }
  if (decoded.id.length > maxRawIdLength || hasControlCharacter(decoded.id)) throw invalidGlobalId(globalId);
  return decoded;
}
