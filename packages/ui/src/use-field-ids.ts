import { useId } from "react";

export interface FieldIds {
  controlId: string;
  hintId: string | undefined;
  errorId: string | undefined;
  /** Value for `aria-describedby`: the hint and the error, when present. */
  describedBy: string | undefined;
}

/** Ids that tie a form control to its label, hint and error text. */
export function useFieldIds(options: { id?: string | undefined; hint?: unknown; error?: unknown }): FieldIds {
  const generated = useId();
  const controlId = options.id ?? generated;
  const hintId = options.hint ? `${controlId}-hint` : undefined;
  const errorId = options.error ? `${controlId}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return { controlId, hintId, errorId, describedBy };
}
