import type { KeyActivityEvent } from "../../events/index.ts";
import { builder } from "../../graphql/builder.ts";
import type { GraphQLContext } from "../../graphql/context.ts";
import { ForbiddenError } from "../../graphql/forbidden-error.ts";
import { decodeKeywardGlobalId } from "../../graphql/global-ids.ts";
import { peopleAdminRoles } from "../../identity/roles.ts";
import type { Viewer } from "../../identity/viewer.ts";
import { KeyModuleEnum } from "../../keys/graphql/key-enums.ts";
import { liveStream } from "../live-stream.ts";
import {
  type SubscriberScopes,
  seesAuthFailure,
  seesKeyActivity,
  seesKeyChange,
  seesKeyRequestChange,
  seesUserChange,
  subscriberScopes,
} from "../subscriber-rules.ts";
import {
  ApiKeyUpdateRef,
  AuthFailureRef,
  KeyActivityRef,
  KeyRequestUpdateRef,
  UserUpdateRef,
} from "./live-types.ts";

builder.subscriptionType({
  description: "Live updates, each filtered per subscriber by the rules that guard the matching queries.",
});

/** The subscriber and its scopes. Auth scopes admitted the caller before `subscribe` runs. */
function subscriber(context: GraphQLContext): { viewer: Viewer; scopes: SubscriberScopes } {
  if (!context.viewer) throw new ForbiddenError("Sign in to do this", true);
  return { viewer: context.viewer, scopes: subscriberScopes(context.viewer) };
}

// The ids are global ids, decoded once when the subscription starts (in `activityMatcher`), not by
// the relay plugin's argument mapping, which would decode them again for every event: graphql-js
// evaluates a subscription field's arguments anew for each event it delivers.
const KeyActivityFilterInput = builder.inputType("KeyActivityFilter", {
  fields: (t) => ({
    keyId: t.id(),
    workspaceId: t.id(),
    module: t.field({ type: KeyModuleEnum }),
    result: t.string({ description: "A verification code, e.g. VALID or REVOKED." }),
  }),
});

type ActivityFilter = typeof KeyActivityFilterInput.$inferInput;

/** A global id argument decoded as the relay plugin decodes them (invalid ids are VALIDATION_FAILED). */
const decodedId = (globalId: string | number | null | undefined) =>
  globalId == null ? null : decodeKeywardGlobalId(String(globalId));

/**
 * The filter as a predicate; an id of another type matches nothing (it is "not found"). Malformed
 * ids are refused when the subscription starts.
 */
function activityMatcher(filter: ActivityFilter | null | undefined): (event: KeyActivityEvent) => boolean {
  if (!filter) return () => true;
  const key = decodedId(filter.keyId);
  const workspace = decodedId(filter.workspaceId);
  if (key && key.typename !== "ApiKey") return () => false;
  if (workspace && workspace.typename !== "Workspace") return () => false;
  const keyId = key?.id ?? null;
  const workspaceId = workspace?.id ?? null;
  const { module, result } = filter;
  return (event) =>
    (keyId === null || event.keyId === keyId) &&
    (workspaceId === null || event.workspaceId === workspaceId) &&
    (module == null || event.module === module) &&
    (result == null || event.result === result);
}

builder.subscriptionField("keyActivity", (t) =>
  t.field({
    type: KeyActivityRef,
    description: "Uses of keys: key auditors see the account's, everyone else their own keys'.",
    args: { filter: t.arg({ type: KeyActivityFilterInput }) },
    authScopes: { authenticated: true },
    subscribe: (_root, args, context) => {
      const { viewer, scopes } = subscriber(context);
      const matches = activityMatcher(args.filter);
      return liveStream({
        events: context.events,
        topic: "key.activity",
        viewer,
        visible(event) {
          return seesKeyActivity(scopes, event) && matches(event);
        },
      });
    },
    resolve: (event) => event,
  }),
);

builder.subscriptionField("authFailures", (t) =>
  t.field({
    type: AuthFailureRef,
    description: "Refused authentications the caller may know about (key failures, sign-in failures).",
    authScopes: { authenticated: true },
    subscribe: (_root, _args, context) => {
      const { viewer, scopes } = subscriber(context);
      return liveStream({
        events: context.events,
        topic: "auth.failure",
        viewer,
        visible(event) {
          return seesAuthFailure(scopes, event);
        },
      });
    },
    resolve: (event) => event,
  }),
);

builder.subscriptionField("apiKeyUpdates", (t) =>
  t.field({
    type: ApiKeyUpdateRef,
    description: "Changes to keys the caller may read.",
    authScopes: { authenticated: true },
    subscribe: (_root, _args, context) => {
      const { viewer, scopes } = subscriber(context);
      return liveStream({
        events: context.events,
        topic: "key.changed",
        viewer,
        visible(event) {
          return seesKeyChange(scopes, event);
        },
      });
    },
    resolve: (event) => event,
  }),
);

builder.subscriptionField("keyRequestUpdates", (t) =>
  t.field({
    type: KeyRequestUpdateRef,
    description: "Reviewers: the pending queue as it moves. Requesters: their own requests.",
    authScopes: { authenticated: true },
    subscribe: (_root, _args, context) => {
      const { viewer, scopes } = subscriber(context);
      return liveStream({
        events: context.events,
        topic: "keyRequest.changed",
        viewer,
        visible(event) {
          return seesKeyRequestChange(scopes, event);
        },
      });
    },
    resolve: (event) => event,
  }),
);

builder.subscriptionField("userUpdates", (t) =>
  t.field({
    type: UserUpdateRef,
    description: "People admins: role and status changes of the account's people.",
    authScopes: { roles: peopleAdminRoles },
    subscribe: (_root, _args, context) => {
      const { viewer, scopes } = subscriber(context);
      return liveStream({
        events: context.events,
        topic: "user.changed",
        viewer,
        visible(event) {
          return seesUserChange(scopes, event);
        },
      });
    },
    resolve: (event) => event,
  }),
);
