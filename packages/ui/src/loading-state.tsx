export interface LoadingStateProps {
  /** What is loading, read out by screen readers. */
  label?: string;
}

export function LoadingState({ label = "Loading…" }: LoadingStateProps) {
  return (
    <div className="kw-loading" role="status">
      <span className="kw-spinner" aria-hidden="true" />
      <span>{label}</span>
    </div>
  );
}
