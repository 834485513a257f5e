import { readFileSync } from "node:fs";
import path from "node:path";
import {
  buildSchema,
  type DefinitionNode,
  type DocumentNode,
  extendSchema,
  type GraphQLNamedType,
  type GraphQLSchema,
  getNamedType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  Kind,
  parse,
} from "graphql";

const webRoot = path.resolve(import.meta.dirname, "..");
export const printedSchemaPath = path.resolve(webRoot, "../../packages/schema/schema.graphql");
export const pendingContractPath = path.resolve(webRoot, "src/graphql/pending-contract.graphql");

export interface ContractSchema {
  schema: GraphQLSchema;
  /** Pending entries that schema.graphql now defines (delete them from the pending file). */
  landed: string[];
  /** Pending types that nothing references any more (a guessed name that did not land). */
  unreferenced: string[];
}

type Definition = DefinitionNode;

function definitionName(definition: Definition): string | undefined {
  return "name" in definition && definition.name ? definition.name.value : undefined;
}

/**
 * Keeps from the pending contract only what schema.graphql does not define yet. An object type the
 * server already has becomes an extension with the fields it still lacks.
 */
function missingDefinitions(printed: GraphQLSchema, pending: DocumentNode, landed: string[]): Definition[] {
  const kept: Definition[] = [];
  for (const definition of pending.definitions) {
    if (definition.kind === Kind.SCHEMA_EXTENSION) {
      const operationTypes = (definition.operationTypes ?? []).filter((operation) => {
        const present = printed.getRootType(operation.operation) !== undefined;
        if (present) landed.push(`schema.${operation.operation}`);
        return !present;
      });
      if (operationTypes.length > 0) kept.push({ ...definition, operationTypes });
      continue;
    }
    const name = definitionName(definition);
    if (!name) continue;
    const existing = printed.getType(name);
    if (!existing) {
      kept.push(definition);
      continue;
    }
    if (
      isObjectType(existing) &&
      (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION)
    ) {
      const present = existing.getFields();
      const fields = (definition.fields ?? []).filter((field) => {
        if (field.name.value in present) landed.push(`${name}.${field.name.value}`);
        return !(field.name.value in present);
      });
      if (fields.length > 0) {
        kept.push({ kind: Kind.OBJECT_TYPE_EXTENSION, name: definition.name, fields, interfaces: [] });
      }
      continue;
    }
    if (definition.kind !== Kind.OBJECT_TYPE_EXTENSION) landed.push(name);
  }
  return kept;
}

/** Types reachable from the root fields (interfaces do not pull in their implementations). */
function referencedTypeNames(schema: GraphQLSchema): Set<string> {
  const seen = new Set<string>();
  const visit = (type: GraphQLNamedType) => {
    if (seen.has(type.name)) return;
    seen.add(type.name);
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const iface of type.getInterfaces()) visit(iface);
      for (const field of Object.values(type.getFields())) {
        visit(getNamedType(field.type));
        for (const argument of field.args) visit(getNamedType(argument.type));
      }
    } else if (isUnionType(type)) {
      for (const member of type.getTypes()) visit(member);
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) visit(getNamedType(field.type));
    }
  };
  for (const root of [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()]) {
    if (root) visit(root);
  }
  return seen;
}

/** schema.graphql extended with what is still pending: the schema the SPA's documents are typed by. */
export function loadContractSchema(
  printedSdl = readFileSync(printedSchemaPath, "utf8"),
  pendingSdl = readFileSync(pendingContractPath, "utf8"),
): ContractSchema {
  const printed = buildSchema(printedSdl);
  const landed: string[] = [];
  // Only comments left once everything has landed: nothing is pending.
  const pendingDocument: DocumentNode = /^\s*(#.*\s*)*$/.test(pendingSdl)
    ? { kind: Kind.DOCUMENT, definitions: [] }
    : parse(pendingSdl);
  let definitions = missingDefinitions(printed, pendingDocument, landed);
  const unreferenced: string[] = [];
  // Drop pending types that nothing uses, until nothing changes (a drop can orphan another type).
  for (;;) {
    const schema = extendSchema(printed, { kind: Kind.DOCUMENT, definitions });
    const referenced = referencedTypeNames(schema);
    const orphans = definitions.filter((definition) => {
      const name = definitionName(definition);
      return (
        name !== undefined &&
        definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
        !printed.getType(name) &&
        !referenced.has(name)
      );
    });
    if (orphans.length === 0) return { schema, landed, unreferenced };
    for (const orphan of orphans) unreferenced.push(definitionName(orphan) ?? "");
    definitions = definitions.filter((definition) => !orphans.includes(definition));
  }
}
