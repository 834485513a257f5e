import { actorFrom } from "../../graphql/actor.ts";
import { builder } from "../../graphql/builder.ts";
import type { Viewer } from "../../graphql/context.ts";
import {
  changeOwnPassword,
  signInWithPassword,
  signOutEverywhere,
  signOutSession,
} from "../account-sessions.ts";
import { notMfaPending, ownSession } from "./identity-scopes.ts";
import { replaceViewer } from "./replace-viewer.ts";
import { resultUnion } from "./result-union.ts";
import { ViewerRef } from "./viewer-query.ts";

const SignInPayloadRef = builder
  .objectRef<{ viewer: Viewer; mfaRequired: boolean }>("SignInPayload")
  .implement({
    fields: (t) => ({
      viewer: t.field({ type: ViewerRef, resolve: (payload) => payload.viewer }),
      mfaRequired: t.exposeBoolean("mfaRequired", {
        description: "TOTP is enabled: only verifyTotp and signOut work until a code is verified.",
      }),
    }),
  });

const SignOutPayloadRef = builder.objectRef<{ endedSessionCount: number }>("SignOutPayload").implement({
  fields: (t) => ({ endedSessionCount: t.exposeInt("endedSessionCount") }),
});

const ChangePasswordPayloadRef = builder
  .objectRef<{ endedSessionCount: number }>("ChangePasswordPayload")
  .implement({
    fields: (t) => ({
      endedSessionCount: t.exposeInt("endedSessionCount", {
        description: "Other sessions ended by the change (this one stays signed in).",
      }),
    }),
  });

const SignInInput = builder.inputType("SignInInput", {
  fields: (t) => ({ email: t.string({ required: true }), password: t.string({ required: true }) }),
});

const ChangePasswordInput = builder.inputType("ChangePasswordInput", {
  fields: (t) => ({
    currentPassword: t.string({ required: true }),
    newPassword: t.string({ required: true }),
  }),
});

builder.mutationFields((t) => ({
  signIn: t.field({
    type: SignInPayloadRef,
    description: "Password sign-in: sets the HttpOnly session cookie.",
    errors: resultUnion("SignInResult"),
    args: { input: t.arg({ type: SignInInput, required: true }) },
    authScopes: notMfaPending,
    resolve: async (_root, { input }, context) => {
      const signedIn = await signInWithPassword(
        context,
        input,
        { ip: context.request.ip, userAgent: context.request.userAgent },
        context.viewer?.sessionId ?? null,
      );
      context.sessionCookie.set(signedIn.token, signedIn.session.expiresAt);
      replaceViewer(context, signedIn.viewer);
      return { viewer: signedIn.viewer, mfaRequired: signedIn.mfaRequired };
    },
  }),
  signOut: t.field({
    type: SignOutPayloadRef,
    description: "Ends this session and clears the cookie (works while MFA is pending).",
    errors: resultUnion("SignOutResult"),
    authScopes: { signedIn: true },
    resolve: async (_root, _args, context) => {
      const endedSessionCount = await signOutSession(context, actorFrom(context));
      context.sessionCookie.clear();
      replaceViewer(context, null);
      return { endedSessionCount };
    },
  }),
  signOutEverywhere: t.field({
    type: SignOutPayloadRef,
    description: "Ends every session of the caller, this one included.",
    errors: resultUnion("SignOutEverywhereResult"),
    authScopes: ownSession,
    resolve: async (_root, _args, context) => {
      const endedSessionCount = await signOutEverywhere(context, actorFrom(context));
      context.sessionCookie.clear();
      replaceViewer(context, null);
      return { endedSessionCount };
    },
  }),
  changePassword: t.field({
    type: ChangePasswordPayloadRef,
    description: "Checks the current password, sets the new one and ends every other session.",
    errors: resultUnion("ChangePasswordResult"),
    args: { input: t.arg({ type: ChangePasswordInput, required: true }) },
    authScopes: ownSession,
    resolve: async (_root, { input }, context) => ({
      endedSessionCount: await changeOwnPassword(context, actorFrom(context), input),
    }),
  }),
}));
