import type { ReactNode } from "react";

/** The hint and error lines under a form control; ids come from `useFieldIds`. */
export function FieldMessages(props: {
  hint?: ReactNode;
  hintId: string | undefined;
  error?: ReactNode;
  errorId: string | undefined;
}) {
  return (
    <>
      {props.hint ? (
        <p id={props.hintId} className="kw-field__hint">
          {props.hint}
        </p>
      ) : null}
      {props.error ? (
        <p id={props.errorId} className="kw-field__error">
          {props.error}
        </p>
      ) : null}
    </>
  );
}
