import { Button, Card, TextField } from "@keyward/ui";
import { type FormEvent, useState } from "react";
import { gql, useMutation } from "urql";
import { describeError } from "../graphql/describe-error.ts";

interface SignInInput {
  email: string;
  password: string;
}

type SignInPayload =
  | { __typename: "SignInSuccess"; viewer: { id: string } }
  | { __typename: string; message: string; code: string };

export const SignInMutation = gql<{ signIn: SignInPayload }, { input: SignInInput }>`
  mutation SignIn($input: SignInInput!) {
    signIn(input: $input) {
      __typename
      ... on SignInSuccess {
        viewer {
          id
        }
      }
      ... on Error {
        message
        code
      }
    }
  }
`;

interface FieldErrors {
  email?: string;
  password?: string;
}

export interface SignInPageProps {
  /** Called after the API accepted the credentials and set the session cookie. */
  onSignedIn: () => void;
}

export function SignInPage({ onSignedIn }: SignInPageProps) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [{ fetching }, signIn] = useMutation(SignInMutation);

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
    if (result.error) setFormError(describeError(result.error));
    else if (!payload) setFormError("Sign-in did not return a result. Please try again.");
    else if ("message" in payload) setFormError(payload.message);
    else onSignedIn();
  };

  return (
    <main className="kw-centered">
      <Card className="kw-auth-card">
        <form className="kw-stack" onSubmit={submit} noValidate aria-labelledby="sign-in-title">
          <div className="kw-brand">
            <span className="kw-brand__mark" aria-hidden="true">
              K
            </span>
            Keyward
          </div>
          <h1 id="sign-in-title" className="kw-dialog__title">
            Sign in
          </h1>
          {formError ? (
            <p className="kw-form-error" role="alert">
              {formError}
            </p>
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
      </Card>
    </main>
  );
}
