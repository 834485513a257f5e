import SchemaBuilder from "@pothos/core";
import RelayPlugin, { encodeGlobalID } from "@pothos/plugin-relay";
import ScopeAuthPlugin from "@pothos/plugin-scope-auth";
import { execute, parse } from "graphql";
import { describe, expect, it } from "vitest";
import SyncGlobalIdsPlugin from "./sync-global-ids.ts";

interface Thing {
  id: string;
  secret: boolean;
}

/** A node type whose id is a column of the row (`sync`) or comes from a promise. */
function schemaWith(options: { plugin: boolean; asyncId?: boolean }) {
  type Types = { Context: { admin: boolean }; AuthScopes: { admin: boolean } };
  const builderOptions = {
    plugins: options.plugin
      ? [ScopeAuthPlugin, RelayPlugin, SyncGlobalIdsPlugin]
      : [ScopeAuthPlugin, RelayPlugin],
    scopeAuth: { authScopes: (context: Types["Context"]) => ({ admin: context.admin }) },
  };
  // plugin-prisma, loaded elsewhere in this package, makes its own option required in the types;
  // this builder does not load it.
  const builder = new SchemaBuilder<Types>(
    builderOptions as unknown as ConstructorParameters<typeof SchemaBuilder<Types>>[0],
  );
  const ThingRef = builder.objectRef<Thing>("Thing");
  builder.node(ThingRef, {
    id: { resolve: (thing) => (options.asyncId ? Promise.resolve(thing.id) : thing.id) },
    // Secret things are for admins only: the rule must still guard the id.
    authScopes: (thing) => (thing.secret ? { admin: true } : true),
    fields: (t) => ({ name: t.string({ resolve: (thing) => `thing ${thing.id}` }) }),
  });
  builder.queryType({
    fields: (t) => ({
      things: t.field({
        type: [ThingRef],
        nullable: { list: false, items: true },
        resolve: () => [
          { id: "1", secret: false },
          { id: "2", secret: true },
        ],
      }),
    }),
  });
  return builder.toSchema();
}

const document = parse("{ things { id name } }");

describe("SyncGlobalIdsPlugin", () => {
  it("resolves node ids without a promise, encoded exactly as plugin-relay encodes them", () => {
    const result = execute({ schema: schemaWith({ plugin: true }), document, contextValue: { admin: true } });
    expect(result).not.toBeInstanceOf(Promise);
    expect(result).toEqual({
      data: {
        things: [
          { id: encodeGlobalID("Thing", "1"), name: "thing 1" },
          { id: encodeGlobalID("Thing", "2"), name: "thing 2" },
        ],
      },
    });
  });

  it("plugin-relay alone resolves every id through a promise (what the plugin removes)", async () => {
    const result = execute({
      schema: schemaWith({ plugin: false }),
      document,
      contextValue: { admin: true },
    });
    expect(result).toBeInstanceOf(Promise);
    const settled = await result;
    expect(settled).toEqual(
      execute({ schema: schemaWith({ plugin: true }), document, contextValue: { admin: true } }),
    );
  });

  it("keeps the type's authorisation around the id: a denied object is refused, not identified", () => {
    const result = execute({
      schema: schemaWith({ plugin: true }),
      document,
      contextValue: { admin: false },
    });
    expect(result).not.toBeInstanceOf(Promise);
    if (result instanceof Promise) return;
    expect(result.data).toEqual({ things: [{ id: encodeGlobalID("Thing", "1"), name: "thing 1" }, null] });
    expect(result.errors?.map((error) => [error.message, error.path])).toEqual([
      ["Not authorized to read fields for Thing", ["things", 1, "id"]],
    ]);
  });

  it("leaves an id that comes from a promise to plugin-relay", async () => {
    const result = await execute({
      schema: schemaWith({ plugin: true, asyncId: true }),
      document,
      contextValue: { admin: true },
    });
    expect(result.data).toEqual({
      things: [
        { id: encodeGlobalID("Thing", "1"), name: "thing 1" },
        { id: encodeGlobalID("Thing", "2"), name: "thing 2" },
      ],
    });
  });
});
