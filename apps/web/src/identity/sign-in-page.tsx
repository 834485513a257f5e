import { Banner, Button, Card, TextField } from "@keyward/ui";
import { type FormEvent, type ReactNode, useState } from "react";
import { useMutation, useQuery } from "urql";
import { describeErrorCode, failureOf } from "../graphql/describe-error.ts";
import { graphql } from "../graphql/graphql.ts";
import { useSession } from "../graphql/session-provider.tsx";
import { useSearch } from "../routing/router.tsx";
import { useSignOut } from "./sign-out.ts";
import { TotpForm } from "./totp-form.tsx";

export const SignInMutation = graphql(`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      __typename
      ... on SignInPayload {
        mfaRequired
        viewer {
          id
        }
      }
      ... on KeywardError {
        code
        message
      }
    }
  }
`);

/** What the page offers: asked before anyone signs in (anonymous callers may read it). */
export const AuthConfigQuery = graphql(`
  query AuthConfig {
    authConfig {
      ssoStartUrl
    }
  }
`);

interface FieldErrors {
  email?: string;
  password?: string;
}

function AuthLayout(props: { titleId: string; title: string; children: ReactNode }) {
  return (
    <main className="kw-centered kw-auth">
      <Card className="kw-auth-card">
        <section className="kw-stack" aria-labelledby={props.titleId}>
          <div className="kw-brand">
            <span className="kw-brand__mark" aria-hidden="true">
              K
            </span>
            Keyward
          </div>
          <h1 id={props.titleId} className="kw-dialog__title">
            {props.title}
          </h1>
          {props.children}
        </section>
      </Card>
    </main>
  );
}

/** The second sign-in step, also shown when a reloaded session still waits for its code. */
export function TotpChallengePage() {
  const { resetSession } = useSession();
  const { signOut, signingOut } = useSignOut();
  return (
    <AuthLayout titleId="totp-title" title="Two-factor authentication">
      <p className="kw-muted">Your account is protected with two-factor authentication.</p>
      <TotpForm
        autoFocus
        onVerified={resetSession}
        secondaryAction={
          <Button variant="secondary" onClick={signOut} disabled={signingOut}>
            Cancel
          </Button>
        }
      />
    </AuthLayout>
  );
}

/**
 * "Sign in with SSO" when the API has single sign-on configured: a plain link, because the flow is
 * a full-page navigation through the identity provider that ends with the session cookie set.
 */
function SingleSignOn() {
  const [{ data }] = useQuery({ query: AuthConfigQuery });
  const ssoStartUrl = data?.authConfig.ssoStartUrl;
  if (!ssoStartUrl) return null;
  return (
    <>
      <a className="kw-button kw-button--secondary" href={ssoStartUrl}>
        Sign in with SSO
      </a>
      <p className="kw-auth-divider">or with your email</p>
    </>
  );
}

/** Email and password (and SSO when configured), then the TOTP step when the account has MFA. */
export function SignInPage() {
  const { resetSession } = useSession();
  // A failed SSO attempt comes back as /sign-in?error=<code>.
  const ssoError = describeErrorCode(new URLSearchParams(useSearch()).get("error") ?? "");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [needsCode, setNeedsCode] = useState(false);
  const [{ fetching }, signIn] = useMutation(SignInMutation);

  if (needsCode) return <TotpChallengePage />;

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const errors: FieldErrors = {
      email: email.trim() ? undefined : "Enter your email address.",
      password: password ? undefined : "Enter your password.",
    };
    setFieldErrors(errors);
    setFormError(null);
    if (errors.email || errors.password) return;

    const result = await signIn({ input: { email: email.trim(), password } });
    const payload = result.data?.signIn;
    const failure = failureOf(result.error, payload);
    if (failure) setFormError(failure);
    else if (payload?.__typename === "SignInPayload") {
      if (payload.mfaRequired) setNeedsCode(true);
      else resetSession();
    } else setFormError("Sign-in did not return a result. Please try again.");
  };

  return (
    <AuthLayout titleId="sign-in-title" title="Sign in">
      {ssoError && !formError ? (
        <Banner tone="danger" role="alert">
          {ssoError}
        </Banner>
      ) : null}
      <SingleSignOn />
      <form className="kw-stack" onSubmit={submit} noValidate>
        {formError ? (
          <Banner tone="danger" role="alert">
            {formError}
          </Banner>
        ) : null}
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="username"
          value={email}
          onChange={(event) => setEmail(event.currentTarget.value)}
          error={fieldErrors.email}
          required
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.currentTarget.value)}
          error={fieldErrors.password}
          required
        />
        <Button type="submit" variant="primary" disabled={fetching}>
          {fetching ? "Signing in…" : "Sign in"}
        </Button>
      </form>
    </AuthLayout>
  );
}
