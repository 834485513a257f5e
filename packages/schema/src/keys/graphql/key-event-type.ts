import type { KeyEvent } from "../../generated/prisma/client.ts";
import { builder } from "../../graphql/builder.ts";
import { KeyModuleEnum } from "./key-enums.ts";

/** One authentication or use of a key. */
export const KeyEventRef = builder.objectRef<KeyEvent>("KeyEvent").implement({
  fields: (t) => ({
    id: t.string({ resolve: (event) => event.id.toString() }),
    occurredAt: t.expose("occurredAt", { type: "DateTime" }),
    action: t.exposeString("action"),
    result: t.exposeString("result"),
    success: t.boolean({ resolve: (event) => event.result === "VALID" }),
    module: t.expose("module", { type: KeyModuleEnum, nullable: true }),
    workspaceId: t.exposeString("workspaceId", { nullable: true }),
    ip: t.exposeString("ip", { nullable: true }),
    presentedHint: t.exposeString("presentedHint", { nullable: true }),
  }),
});

export interface UsagePoint {
  bucket: Date;
  valid: number;
  failed: number;
}

export const UsagePointRef = builder.objectRef<UsagePoint>("UsagePoint").implement({
  fields: (t) => ({
    bucket: t.expose("bucket", { type: "DateTime" }),
    valid: t.exposeInt("valid"),
    failed: t.exposeInt("failed"),
  }),
});
