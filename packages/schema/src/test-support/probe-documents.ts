import {
  type GraphQLField,
  type GraphQLOutputType,
  getNamedType,
  isAbstractType,
  isLeafType,
  isNonNullType,
  isObjectType,
} from "graphql";
import { getSchema } from "../graphql/build-schema.ts";

// Documents that call one root field with chosen argument values and select enough of the answer
// to tell results apart: error codes and messages, which object came back, how many rows a list
// or an export holds.

const errorSelection = "... on KeywardError { code message fieldIssues { path message } }";

/** A selection of `type`: its leaves, and its object fields `depth` levels down. */
export function selectionOf(type: GraphQLOutputType, depth: number): string {
  const named = getNamedType(type);
  if (isLeafType(named)) return "";
  if (isAbstractType(named)) {
    const members = getSchema()
      .getPossibleTypes(named)
      .filter((member) => member.name !== "KeywardError")
      .map((member) => `... on ${member.name} ${selectionOf(member, depth)}`);
    const id = "getFields" in named && "id" in named.getFields() ? " id" : "";
    return `{ __typename${id} ${errorSelection} ${members.join(" ")} }`;
  }
  if (!isObjectType(named)) return "";
  const parts = ["__typename"];
  for (const field of Object.values(named.getFields())) {
    if (field.args.some((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined)) continue;
    if (isLeafType(getNamedType(field.type))) parts.push(field.name);
    else if (depth > 0) parts.push(`${field.name} ${selectionOf(field.type, depth - 1)}`);
  }
  return `{ ${parts.join(" ")} }`;
}

/** `query|mutation ($a: T, …) { field(a: $a, …) { … } }` declaring exactly the given arguments. */
export function probeDocument(
  operation: "query" | "mutation",
  field: GraphQLField<unknown, unknown>,
  variables: Record<string, unknown>,
  depth = 1,
): string {
  const args = field.args.filter((arg) => arg.name in variables);
  const declarations = args.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(", ");
  const argumentList = args.map((arg) => `${arg.name}: $${arg.name}`).join(", ");
  return `${operation}${declarations ? ` (${declarations})` : ""} {
    ${field.name}${argumentList ? `(${argumentList})` : ""} ${selectionOf(field.type, depth)}
  }`;
}
