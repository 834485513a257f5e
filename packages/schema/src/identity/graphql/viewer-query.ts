import { builder } from "../../graphql/builder.ts";
import type { Viewer } from "../../graphql/context.ts";
import { RoleEnum } from "./identity-enums.ts";
import { ProfileRef } from "./profile-type.ts";

export const ViewerRef = builder.objectRef<Viewer>("Viewer");

ViewerRef.implement({
  description: "The caller: a signed-in person, or the owner of the presented API key.",
  fields: (t) => ({
    id: t.globalID({ resolve: (viewer) => ({ type: "Profile", id: viewer.profileId }) }),
    role: t.expose("role", { type: RoleEnum }),
    authenticatedVia: t.string({ resolve: (viewer) => (viewer.via === "session" ? "SESSION" : "API_KEY") }),
    mfaVerified: t.exposeBoolean("mfaVerified"),
    mfaPending: t.exposeBoolean("mfaPending"),
    profile: t.prismaField({
      type: ProfileRef,
      nullable: true,
      skipTypeScopes: true,
      authScopes: { authenticated: true },
      resolve: (query, viewer, _args, context) =>
        context.prisma.profile.findUnique({ ...query, where: { id: viewer.profileId } }),
    }),
  }),
});

builder.queryField("viewer", (t) =>
  t.field({
    type: ViewerRef,
    nullable: true,
    description: "The caller, or null for anonymous requests.",
    resolve: (_root, _args, context) => context.viewer,
  }),
);
