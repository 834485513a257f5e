import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
} from "graphql";

// Finds every place a root field takes an object id: an argument or input field typed ID, or
// named …Id / …Ids. A field added later with an id argument is found without anyone listing it.

export interface IdSlot {
  operation: "query" | "mutation";
  field: GraphQLField<unknown, unknown>;
  /** Argument name, then input field names: ["input", "userId"]. */
  path: string[];
  /** The slot holds a list of ids. */
  list: boolean;
  /** An ID scalar (a global id) or a String (a raw id). */
  scalar: string;
}

/** `field.arg.inputField` — how the isolation table names a slot. */
export const slotKey = (slot: Pick<IdSlot, "field" | "path">) => [slot.field.name, ...slot.path].join(".");

const idNamed = (name: string) => /(Id|Ids)$/.test(name) || name === "id" || name === "ids";

const unwrap = (type: GraphQLInputType): { list: boolean; inner: GraphQLInputType } => {
  const bare = isNonNullType(type) ? type.ofType : type;
  if (isListType(bare)) return { list: true, inner: bare.ofType };
  return { list: false, inner: bare };
};

function slotsIn(
  name: string,
  type: GraphQLInputType,
  path: string[],
  seen: Set<string>,
): Array<Omit<IdSlot, "operation" | "field">> {
  const named = getNamedType(type);
  if (isInputObjectType(named)) {
    if (seen.has(named.name)) return [];
    const inner = new Set(seen).add(named.name);
    return Object.values(named.getFields()).flatMap((field) =>
      slotsIn(field.name, field.type, [...path, field.name], inner),
    );
  }
  if (named.name === "ID" || idNamed(name)) {
    return [{ path, list: unwrap(type).list, scalar: named.name }];
  }
  return [];
}

/** Every id slot of every Query and Mutation field. */
export function idSlotsOf(schema: GraphQLSchema): IdSlot[] {
  const roots = [
    { operation: "query" as const, type: schema.getQueryType() },
    { operation: "mutation" as const, type: schema.getMutationType() },
  ];
  return roots.flatMap(({ operation, type }) =>
    Object.values(type?.getFields() ?? {}).flatMap((field) =>
      field.args.flatMap((arg: GraphQLArgument) =>
        slotsIn(arg.name, arg.type, [arg.name], new Set()).map((slot) => ({ ...slot, operation, field })),
      ),
    ),
  );
}
