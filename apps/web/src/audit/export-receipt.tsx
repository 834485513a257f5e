import { CopyButton, DescriptionList } from "@keyward/ui";
import { formatDateTime } from "../format/dates.ts";
import { graphql, type ResultOf } from "../graphql/graphql.ts";

export const ExportReceiptFields = graphql(`
  fragment ExportReceiptFields on ExportReceipt {
    id
    kind
    format
    filename
    filters
    rowCount
    byteSize
    sha256
    createdAt
    availableUntil
    downloadUrl
    createdBy {
      id
      displayName
    }
  }
`);

export type ExportReceiptData = ResultOf<typeof ExportReceiptFields>;

/** "12.4 KB". */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The filters as one line of text, whatever shape the API stores them in. */
export function describeFilters(filters: unknown): string {
  if (filters === null || filters === undefined) return "None";
  const value = typeof filters === "string" ? safeParse(filters) : filters;
  if (typeof value !== "object" || value === null) return String(value);
  const entries = Object.entries(value).filter(
    ([, entry]) => entry !== null && entry !== "" && !(Array.isArray(entry) && entry.length === 0),
  );
  if (entries.length === 0) return "None";
  return entries
    .map(([name, entry]) => `${name}: ${Array.isArray(entry) ? entry.join(", ") : String(entry)}`)
    .join(" · ");
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * An export's receipt (seed 000): filename, filters and SHA-256 are the evidence carried into later
 * verification steps, so each can be copied.
 */
export function ExportReceiptDetails(props: { receipt: ExportReceiptData }) {
  const { receipt } = props;
  return (
    <DescriptionList
      columns={2}
      items={[
        {
          term: "Filename",
          detail: (
            <span className="kw-inline-copy">
              <code>{receipt.filename}</code>
              <CopyButton value={receipt.filename} label="Copy filename" size="sm" />
            </span>
          ),
        },
        {
          term: "Rows",
          detail: `${receipt.rowCount.toLocaleString()} (${formatBytes(receipt.byteSize)})`,
        },
        { term: "Filters", detail: describeFilters(receipt.filters) },
        {
          term: "Created",
          detail: `${formatDateTime(receipt.createdAt)}${receipt.createdBy ? ` by ${receipt.createdBy.displayName}` : ""}`,
        },
        {
          id: "sha256",
          term: "SHA-256",
          detail: (
            <span className="kw-inline-copy">
              <code className="kw-hash">{receipt.sha256}</code>
              <CopyButton value={receipt.sha256} label="Copy SHA-256" size="sm" />
            </span>
          ),
        },
      ]}
    />
  );
}
