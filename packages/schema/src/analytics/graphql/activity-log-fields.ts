import { resolveCursorConnection } from "@pothos/plugin-relay";
import type { KeyEvent } from "../../generated/prisma/client.ts";
import { builder } from "../../graphql/builder.ts";
import { asQueryError } from "../../graphql/query-errors.ts";
import { keyAuditorRoles } from "../../identity/roles.ts";
import { KeyModuleEnum } from "../../keys/graphql/key-enums.ts";
import { KeyEventRef } from "../../keys/graphql/key-event-type.ts";
import { activityCursor, activityPage, recentAuthFailures } from "../activity-log.ts";

const ActivityLogFilter = builder.inputType("ActivityLogFilter", {
  fields: (t) => ({
    keyId: t.globalID(),
    result: t.string({ description: "A verification code: VALID, REVOKED, IP_DENIED, …" }),
    module: t.field({ type: KeyModuleEnum }),
    failed: t.boolean({ description: "true: refusals only; false: successes only." }),
  }),
});

builder.queryFields((t) => ({
  activityLog: t.connection({
    type: KeyEventRef,
    description: "Admin: key authentications and uses, newest first (the live log's first page).",
    authScopes: { roles: keyAuditorRoles },
    args: { filter: t.arg({ type: ActivityLogFilter }) },
    resolve: async (_root, args, context) => {
      const accountId = context.viewer?.accountId ?? "";
      const keyId = args.filter?.keyId;
      // A global id of another type matches no key ("" is no key id): an empty log, like a missing key.
      const filter = { ...args.filter, keyId: keyId ? (keyId.typename === "ApiKey" ? keyId.id : "") : null };
      try {
        return await resolveCursorConnection<Promise<KeyEvent[]>>(
          { args, toCursor: activityCursor, defaultSize: 50, maxSize: 200 },
          (page) => activityPage(context.prisma, accountId, filter, page),
        );
      } catch (error) {
        return asQueryError(error);
      }
    },
  }),
  authFailures: t.field({
    type: [KeyEventRef],
    description: "Admin: the most recent refused verifications.",
    authScopes: { roles: keyAuditorRoles },
    args: { first: t.arg.int({ defaultValue: 50, required: true, validate: { min: 1, max: 200 } }) },
    resolve: (_root, args, context) =>
      recentAuthFailures(context.prisma, context.viewer?.accountId ?? "", args.first),
  }),
}));
