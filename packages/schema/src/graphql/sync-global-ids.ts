import SchemaBuilder, {
  BasePlugin,
  isThenable,
  type PothosOutputFieldConfig,
  type SchemaTypes,
} from "@pothos/core";
import { encodeGlobalID } from "@pothos/plugin-relay";
import type { GraphQLFieldResolver } from "graphql";

const pluginName = "syncGlobalIds";

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      syncGlobalIds: SyncGlobalIdsPlugin<Types>;
    }
  }
}

type Resolver = GraphQLFieldResolver<unknown, object, object>;

/**
 * Resolves the `id` of every Relay node without a promise. plugin-relay's id field is an `async`
 * function, so every object with an id (each key, owner and workspace of a registry page) made
 * graphql-js wait for a promise per object. When the node's raw id is at hand (a column of the
 * row: every Keyward node), this encodes it at once, exactly as plugin-relay does; otherwise it
 * leaves plugin-relay's resolver in charge. Listed last among the plugins, so it wraps only the
 * base resolver and the authorisation of the others still runs around it.
 */
export class SyncGlobalIdsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(resolver: Resolver, fieldConfig: PothosOutputFieldConfig<Types>): Resolver {
    const { type } = fieldConfig;
    if (
      fieldConfig.name !== "id" ||
      type.kind !== "Scalar" ||
      this.buildCache.getTypeConfig(type.ref).name !== "ID"
    ) {
      return resolver;
    }
    const typeConfig = this.buildCache.getTypeConfig(fieldConfig.parentType);
    const node = this.buildCache.getTypeConfig(this.builder.nodeInterfaceRef()).name;
    const isNode = (ref: unknown) => this.buildCache.getTypeConfig(ref as string).name === node;
    if (typeConfig.kind !== "Object" || !typeConfig.interfaces.some(isNode)) return resolver;
    const rawId = (typeConfig.pothosOptions as { id?: { resolve?: Resolver } }).id?.resolve;
    if (rawId === undefined) return resolver;
    const typename = typeConfig.name;
    const encode = this.builder.options.relay?.encodeGlobalID ?? encodeGlobalID;
    return (parent, args, context, info) => {
      const id = rawId(parent, args, context, info);
      if (id == null || isThenable(id)) return resolver(parent, args, context, info);
      return encode(typename, String(id), context as Types["Context"]);
    };
  }
}

SchemaBuilder.registerPlugin(pluginName, SyncGlobalIdsPlugin);

export default pluginName;
