import { builder } from "../../graphql/builder.ts";

/** How people can sign in: what the SPA's sign-in page offers. */
interface AuthConfig {
  ssoEnabled: boolean;
}

const AuthConfigRef = builder.objectRef<AuthConfig>("AuthConfig").implement({
  description:
    "How people sign in to this Keyward (public: the sign-in page reads it before anyone signs in).",
  fields: (t) => ({
    passwordSignIn: t.boolean({
      description: "Email and password sign-in (signIn mutation) is available.",
      resolve: () => true,
    }),
    ssoEnabled: t.exposeBoolean("ssoEnabled", {
      description: "Single sign-on through the organisation's OpenID Connect provider is configured.",
    }),
    ssoStartUrl: t.string({
      nullable: true,
      description: "Where the browser goes to sign in with SSO (a full-page navigation); null without SSO.",
      resolve: (config) => (config.ssoEnabled ? "/auth/oidc/start" : null),
    }),
  }),
});

builder.queryField("authConfig", (t) =>
  t.field({
    type: AuthConfigRef,
    description: "How people can sign in. Anonymous callers may read it.",
    resolve: (_root, _args, context) => ({ ssoEnabled: context.config.ssoEnabled ?? false }),
  }),
);
