import {
  type GraphQLField,
  type GraphQLInputType,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isScalarType,
} from "graphql";

// Builds a valid call of any root field, so security suites can walk every field of the schema
// (a field added later is covered without anyone remembering to add it).

/** A value for an input type that passes GraphQL validation (ids are real: the caller's own profile). */
export function sampleValue(type: GraphQLInputType, id: string): unknown {
  if (isNonNullType(type)) return sampleValue(type.ofType, id);
  if (isListType(type)) return [sampleValue(type.ofType, id)];
  if (isEnumType(type)) return type.getValues()[0]?.value;
  if (isInputObjectType(type)) {
    const value: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (isNonNullType(field.type) && field.defaultValue === undefined)
        value[field.name] = sampleValue(field.type, id);
    }
    return value;
  }
  if (isScalarType(type)) {
    const samples: Record<string, unknown> = {
      ID: id,
      String: "sample",
      Int: 1,
      Float: 1,
      Boolean: false,
      DateTime: "2030-01-01T00:00:00.000Z",
    };
    if (type.name in samples) return samples[type.name];
  }
  throw new Error(`No sample value for ${String(type)}: teach the test this type`);
}

/** `query|mutation ($input: T!) { field(input: $input) { __typename } }` with every required argument. */
export function documentFor(
  operation: "query" | "mutation",
  field: GraphQLField<unknown, unknown>,
  id: string,
) {
  const required = field.args.filter((arg) => isNonNullType(arg.type) && arg.defaultValue === undefined);
  const variables = Object.fromEntries(required.map((arg) => [arg.name, sampleValue(arg.type, id)]));
  const declarations = required.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(", ");
  const argumentList = required.map((arg) => `${arg.name}: $${arg.name}`).join(", ");
  const selection = isLeafType(getNamedType(field.type)) ? "" : " { __typename }";
  const document = `${operation}${declarations ? ` (${declarations})` : ""} {
    ${field.name}${argumentList ? `(${argumentList})` : ""}${selection}
  }`;
  return { document, variables };
}
