import { builder } from "../../graphql/builder.ts";
import { keyAuditorRoles } from "../../identity/roles.ts";
import { ApiKeyRef } from "../../keys/graphql/api-key-type.ts";
import {
  agentTriggeredCalls,
  type BucketCount,
  executionsPerKey,
  failedAuthOverTime,
  type KeyCount,
  mostUsedKeys,
  type UsageWindow,
  usageWindow,
} from "../usage-report.ts";
import { loadKeys } from "./key-event-key-field.ts";

const KeyCountRef = builder.objectRef<KeyCount>("KeyCount").implement({
  fields: (t) => ({
    apiKey: t.loadable({ type: ApiKeyRef, load: loadKeys, resolve: (row) => row.apiKeyId, nullable: true }),
    count: t.exposeInt("count"),
  }),
});

const BucketCountRef = builder.objectRef<BucketCount>("BucketCount").implement({
  fields: (t) => ({
    bucket: t.expose("bucket", { type: "DateTime", description: "Start of the UTC day." }),
    count: t.exposeInt("count"),
  }),
});

// Each series is its own field: a chart asks only for what it draws, one aggregate per series.
const UsageReportRef = builder.objectRef<UsageWindow>("UsageReport").implement({
  description: "Usage analytics over whole UTC days, from rollups and key events.",
  fields: (t) => ({
    since: t.expose("since", { type: "DateTime" }),
    executionsPerKey: t.field({
      type: [KeyCountRef],
      description: "Successful verifications per key, busiest first.",
      args: { first: t.arg.int({ defaultValue: 50, required: true, validate: { min: 1, max: 200 } }) },
      resolve: (window, args, context) => executionsPerKey(context.prisma, window, args.first),
    }),
    mostUsedKeys: t.field({
      type: [KeyCountRef],
      description: "The keys with the most verifications of any outcome.",
      args: { first: t.arg.int({ defaultValue: 5, required: true, validate: { min: 1, max: 50 } }) },
      resolve: (window, args, context) => mostUsedKeys(context.prisma, window, args.first),
    }),
    failedAuthOverTime: t.field({
      type: [BucketCountRef],
      description: "Refused verifications per day (unknown keys included).",
      resolve: (window, _args, context) => failedAuthOverTime(context.prisma, window),
    }),
    agentTriggeredCalls: t.field({
      type: [BucketCountRef],
      description: "Successful calls for the Agents Execution module per day.",
      resolve: (window, _args, context) => agentTriggeredCalls(context.prisma, window),
    }),
  }),
});

builder.queryField("usage", (t) =>
  t.field({
    type: UsageReportRef,
    description: "Admin: usage analytics for the last `days` days (today included).",
    authScopes: { roles: keyAuditorRoles },
    args: { days: t.arg.int({ defaultValue: 30, required: true, validate: { min: 1, max: 366 } }) },
    resolve: (_root, args, context) =>
      usageWindow(context.viewer?.accountId ?? "", args.days, context.clock.now()),
  }),
);
