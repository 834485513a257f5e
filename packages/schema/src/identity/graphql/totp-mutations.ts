import { actorFrom } from "../../graphql/actor.ts";
import { builder } from "../../graphql/builder.ts";
import type { Viewer } from "../../graphql/context.ts";
import { beginTotpEnrollment, confirmTotpEnrollment, verifySessionTotp } from "../session-mfa.ts";
import type { TotpEnrollment } from "../totp.ts";
import { ownSession } from "./identity-scopes.ts";
import { replaceViewer } from "./replace-viewer.ts";
import { resultUnion } from "./result-union.ts";
import { ViewerRef } from "./viewer-query.ts";

const TotpEnrollmentRef = builder.objectRef<TotpEnrollment>("TotpEnrollment").implement({
  description: "A new TOTP secret, not enabled until confirmTotpEnrollment proves the app has it.",
  fields: (t) => ({
    secret: t.exposeString("secret", { description: "Base32, for manual entry in an authenticator app." }),
    otpauthUri: t.exposeString("otpauthUri", { description: "otpauth:// URI, for a QR code." }),
  }),
});

const ConfirmTotpEnrollmentPayloadRef = builder
  .objectRef<{ recoveryCodes: string[]; viewer: Viewer }>("ConfirmTotpEnrollmentPayload")
  .implement({
    fields: (t) => ({
      recoveryCodes: t.exposeStringList("recoveryCodes", {
        description: "Single-use recovery codes. Shown once: store them now.",
      }),
      viewer: t.field({ type: ViewerRef, resolve: (payload) => payload.viewer }),
    }),
  });

const VerifyTotpPayloadRef = builder
  .objectRef<{ viewer: Viewer; recoveryCodesRemaining: number }>("VerifyTotpPayload")
  .implement({
    fields: (t) => ({
      viewer: t.field({ type: ViewerRef, resolve: (payload) => payload.viewer }),
      recoveryCodesRemaining: t.exposeInt("recoveryCodesRemaining"),
    }),
  });

const TotpCodeInput = (name: string) =>
  builder.inputType(name, {
    fields: (t) => ({
      code: t.string({ required: true, description: "A 6-digit code, or a recovery code." }),
    }),
  });

builder.mutationFields((t) => ({
  beginTotpEnrollment: t.field({
    type: TotpEnrollmentRef,
    errors: resultUnion("BeginTotpEnrollmentResult"),
    authScopes: ownSession,
    resolve: (_root, _args, context) => beginTotpEnrollment(context, actorFrom(context)),
  }),
  confirmTotpEnrollment: t.field({
    type: ConfirmTotpEnrollmentPayloadRef,
    description: "Enables TOTP with a first code; this session counts as verified.",
    errors: resultUnion("ConfirmTotpEnrollmentResult"),
    args: { input: t.arg({ type: TotpCodeInput("ConfirmTotpEnrollmentInput"), required: true }) },
    authScopes: ownSession,
    resolve: async (_root, { input }, context) => {
      const confirmed = await confirmTotpEnrollment(context, actorFrom(context), input);
      replaceViewer(context, confirmed.viewer);
      return confirmed;
    },
  }),
  verifyTotp: t.field({
    type: VerifyTotpPayloadRef,
    description:
      "Verifies a TOTP or recovery code for this session: completes an MFA-pending sign-in, or " +
      "refreshes step-up (mfaVerified for 30 minutes).",
    errors: resultUnion("VerifyTotpResult"),
    args: { input: t.arg({ type: TotpCodeInput("VerifyTotpInput"), required: true }) },
    // Works while MFA is pending: this is how a pending session completes.
    authScopes: { signedIn: true },
    resolve: async (_root, { input }, context) => {
      const verified = await verifySessionTotp(context, actorFrom(context), input);
      replaceViewer(context, verified.viewer);
      return verified;
    },
  }),
}));
