import type { AuditEvent, Profile } from "../../generated/prisma/client.ts";
import { builder } from "../../graphql/builder.ts";
import { ApiKeyRef } from "../../keys/graphql/api-key-type.ts";
import { type KeyUsageCount, profileKeyUsage, recentProfileAuditEvents } from "../profile-activity.ts";
import { peopleAdminRoles } from "../roles.ts";
import { ProfileRef } from "./profile-type.ts";

const DAY = 86_400_000;

interface ProfileActivity {
  accountId: string;
  profileId: string;
  since: Date;
  /** Loaded once, whether the client asks for the totals, the per-key counts or both. */
  usage: () => Promise<KeyUsageCount[]>;
}

const ProfileKeyUsageRef = builder.objectRef<KeyUsageCount>("ProfileKeyUsage").implement({
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef, resolve: (usage) => usage.key }),
    verifications: t.exposeInt("valid", { description: "Verifications answered VALID." }),
    failedVerifications: t.exposeInt("failed", { description: "Verifications refused for any reason." }),
  }),
});

/** One audit event in a user's activity: something the user did, or something done to the user. */
const ProfileActivityEventRef = builder
  .objectRef<AuditEvent & { actor: Profile | null }>("ProfileActivityEvent")
  .implement({
    fields: (t) => ({
      seq: t.exposeInt("seq", { description: "Position in the account's audit chain." }),
      occurredAt: t.expose("occurredAt", { type: "DateTime" }),
      action: t.exposeString("action"),
      actor: t.field({ type: ProfileRef, nullable: true, resolve: (event) => event.actor }),
      actorKind: t.exposeString("actorKind"),
      targetType: t.exposeString("targetType"),
      targetId: t.globalID({
        nullable: true,
        resolve: (event) => (event.targetId ? { type: event.targetType, id: event.targetId } : null),
      }),
      cause: t.exposeString("cause", { nullable: true }),
      ip: t.exposeString("ip", { nullable: true }),
    }),
  });

const ProfileActivityRef = builder.objectRef<ProfileActivity>("ProfileActivity").implement({
  description: "The Users detail view: recent actions and the usage of the profile's keys.",
  fields: (t) => ({
    since: t.expose("since", { type: "DateTime", description: "Start of the usage period." }),
    verifications: t.int({
      description: "Verifications of the profile's keys answered VALID since `since`.",
      resolve: async (activity) => (await activity.usage()).reduce((sum, usage) => sum + usage.valid, 0),
    }),
    failedVerifications: t.int({
      resolve: async (activity) => (await activity.usage()).reduce((sum, usage) => sum + usage.failed, 0),
    }),
    keys: t.field({
      type: [ProfileKeyUsageRef],
      description: "Every key the profile owns (newest first) with its counts since `since`.",
      resolve: (activity) => activity.usage(),
    }),
    events: t.field({
      type: [ProfileActivityEventRef],
      description: "Recent audit events where the profile is the actor or the target, newest first.",
      args: { first: t.arg.int({ defaultValue: 20, required: true, validate: { min: 1, max: 100 } }) },
      resolve: (activity, args, context) =>
        recentProfileAuditEvents(context.prisma, activity.accountId, activity.profileId, args.first),
    }),
  }),
});

builder.objectField(ProfileRef, "activity", (t) =>
  t.field({
    type: ProfileActivityRef,
    nullable: true,
    description: "People admins: the profile's recent actions and key usage.",
    args: { days: t.arg.int({ defaultValue: 30, required: true, validate: { min: 1, max: 366 } }) },
    authScopes: { roles: peopleAdminRoles },
    resolve: (profile, args, context) => {
      const since = new Date(context.clock.now().getTime() - args.days * DAY);
      let usage: Promise<KeyUsageCount[]> | undefined;
      return {
        accountId: profile.accountId,
        profileId: profile.id,
        since,
        usage: () => {
          usage ??= profileKeyUsage(context.prisma, profile.accountId, profile.id, since);
          return usage;
        },
      };
    },
  }),
);
