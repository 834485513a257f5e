export type Status = "ACTIVE" | "PENDING" | "APPROVED" | "REJECTED" | "REVOKED" | "EXPIRED";

const labels: Record<Status, string> = {
  ACTIVE: "Active",
  PENDING: "Pending",
  APPROVED: "Approved",
  REJECTED: "Rejected",
  REVOKED: "Revoked",
  EXPIRED: "Expired",
};

export interface StatusPillProps {
  status: Status;
  className?: string;
}

/** A key or request status; the text always names the status, so colour is never the only cue. */
export function StatusPill({ status, className }: StatusPillProps) {
  return (
    <span
      className={["kw-pill", `kw-pill--${status.toLowerCase()}`, className ?? ""].filter(Boolean).join(" ")}
    >
      <span className="kw-pill__dot" aria-hidden="true" />
      {labels[status]}
    </span>
  );
}
