import { Banner, RevealOnceModal } from "@keyward/ui";
import { environmentLabels } from "../format/labels.ts";
import { graphql, type ResultOf } from "../graphql/graphql.ts";
import { keepFocusOnPage } from "../shell/focus-fallback.ts";

/** The payload of create, rotate, regenerate and claim: the only time a token is ever sent. */
export const IssuedKeyFields = graphql(`
  fragment IssuedKeyFields on IssuedApiKey {
    token
    warnings
    apiKey {
      id
      name
      displayHint
      environment
      status
    }
  }
`);

export interface RevealedKey {
  token: string;
  warnings: readonly string[];
  apiKey: Pick<ResultOf<typeof IssuedKeyFields>["apiKey"], "name" | "displayHint" | "environment">;
}

/**
 * Shows a newly issued secret once. The caller keeps the token only in component state and drops
 * it in `onDone`, so it is gone from memory as soon as the modal closes.
 */
export function IssuedKeyReveal(props: { issued: RevealedKey | null; onDone: () => void }) {
  const issued = props.issued;
  if (!issued) return null;
  return (
    <RevealOnceModal
      open
      secret={issued.token}
      onAcknowledge={() => {
        props.onDone();
        keepFocusOnPage();
      }}
    >
      <p className="kw-reveal-meta">
        <strong>{issued.apiKey.name}</strong>
        {issued.apiKey.displayHint ? <code>{issued.apiKey.displayHint}</code> : null}
        <span>{environmentLabels[issued.apiKey.environment]}</span>
      </p>
      {issued.warnings.map((warning) => (
        <Banner key={warning} tone="warning" title="Before you use it">
          {warning}
        </Banner>
      ))}
    </RevealOnceModal>
  );
}
