import { Banner, Button, Dialog } from "@keyward/ui";
import { type ReactElement, useState } from "react";
import { useMutation } from "urql";
import { failureOf } from "../graphql/describe-error.ts";
import { graphql } from "../graphql/graphql.ts";
import { IssuedKeyFields, IssuedKeyReveal, type RevealedKey } from "./issued-key-reveal.tsx";

export const RotateApiKeyMutation = graphql(
  `
  mutation RotateApiKey($input: ApiKeyIdInput!) {
    rotateApiKey(input: $input) {
      __typename
      ...IssuedKeyFields
      ... on KeywardError {
        code
        message
      }
    }
  }
`,
  [IssuedKeyFields],
);

export const RegenerateApiKeyMutation = graphql(
  `
  mutation RegenerateApiKey($input: ApiKeyIdInput!) {
    regenerateApiKey(input: $input) {
      __typename
      ...IssuedKeyFields
      ... on KeywardError {
        code
        message
      }
    }
  }
`,
  [IssuedKeyFields],
);

export type ReplaceMode = "rotate" | "regenerate";

const copy: Record<ReplaceMode, { title: string; action: string; busy: string; description: string }> = {
  rotate: {
    title: "Rotate",
    action: "Rotate key",
    busy: "Rotating…",
    description:
      "Rotation creates a replacement key with the same settings and workspaces, and revokes this one immediately. Update every place that uses it right after.",
  },
  regenerate: {
    title: "Regenerate",
    action: "Regenerate key",
    busy: "Regenerating…",
    description:
      "Lost the secret? Regenerating issues a new secret with the same settings and revokes the lost one immediately.",
  },
};

export interface RotateKeyDialogProps {
  apiKey: { id: string; name: string };
  mode: ReplaceMode;
  trigger: ReactElement;
}

/** Rotation (routine) or regeneration (secret lost): both replace the key and reveal the new one once. */
export function RotateKeyDialog({ apiKey, mode, trigger }: RotateKeyDialogProps) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [issued, setIssued] = useState<RevealedKey | null>(null);
  const [rotateState, rotate] = useMutation(RotateApiKeyMutation);
  const [regenerateState, regenerate] = useMutation(RegenerateApiKeyMutation);
  const fetching = rotateState.fetching || regenerateState.fetching;
  const text = copy[mode];

  const confirm = async () => {
    setError(null);
    const variables = { input: { id: apiKey.id } };
    const result = mode === "rotate" ? await rotate(variables) : await regenerate(variables);
    const payload =
      result.data && "rotateApiKey" in result.data
        ? result.data.rotateApiKey
        : result.data && "regenerateApiKey" in result.data
          ? result.data.regenerateApiKey
          : undefined;
    const failure = failureOf(result.error, payload);
    if (failure) setError(failure);
    else if (payload?.__typename === "IssuedApiKey") {
      setOpen(false);
      setIssued({ token: payload.token, warnings: payload.warnings, apiKey: payload.apiKey });
    }
  };

  return (
    <>
      <Dialog
        open={open}
        onOpenChange={(next) => {
          setOpen(next);
          if (!next) setError(null);
        }}
        trigger={trigger}
        title={`${text.title} “${apiKey.name}”?`}
        description={text.description}
        footer={
          <>
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button variant="primary" onClick={confirm} disabled={fetching}>
              {fetching ? text.busy : text.action}
            </Button>
          </>
        }
      >
        {error ? (
          <Banner tone="danger" role="alert">
            {error}
          </Banner>
        ) : null}
      </Dialog>
      <IssuedKeyReveal issued={issued} onDone={() => setIssued(null)} />
    </>
  );
}
