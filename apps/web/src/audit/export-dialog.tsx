import { Banner, Button, Dialog, RadioGroup } from "@keyward/ui";
import { type ReactElement, useState } from "react";
import { useMutation } from "urql";
import { failureOf } from "../graphql/describe-error.ts";
import { graphql, type SchemaType } from "../graphql/graphql.ts";
import { type ExportReceiptData, ExportReceiptDetails, ExportReceiptFields } from "./export-receipt.tsx";

type ExportFormat = SchemaType<"ExportFormat">;
type ExportKind = SchemaType<"ExportKind">;

export const ExportKeyRegistryMutation = graphql(
  `
  mutation ExportKeyRegistry($input: ExportKeyRegistryInput!) {
    exportKeyRegistry(input: $input) {
      __typename
      ... on ExportPayload {
        downloadUrl
        downloadExpiresAt
        receipt {
          ...ExportReceiptFields
        }
      }
      ... on KeywardError {
        code
        message
      }
    }
  }
`,
  [ExportReceiptFields],
);

export const ExportAuditLogMutation = graphql(
  `
  mutation ExportAuditLog($input: ExportAuditLogInput!) {
    exportAuditLog(input: $input) {
      __typename
      ... on ExportPayload {
        downloadUrl
        downloadExpiresAt
        receipt {
          ...ExportReceiptFields
        }
      }
      ... on KeywardError {
        code
        message
      }
    }
  }
`,
  [ExportReceiptFields],
);

const titles: Record<ExportKind, string> = {
  AUDIT_LOG: "Export the audit log",
  KEY_REGISTRY: "Export the key registry",
};

export interface ExportDialogProps {
  kind: ExportKind;
  trigger: ReactElement;
  /** The registry filters in effect, exported with the file and written on its receipt. */
  registryFilter?: SchemaType<"ApiKeyFilter">;
  auditFilter?: SchemaType<"AuditEventFilter">;
}

interface Finished {
  receipt: ExportReceiptData;
  downloadUrl: string;
}

/** Exports the registry or the audit log as CSV or JSON and shows the receipt to keep. */
export function ExportDialog({ kind, trigger, registryFilter, auditFilter }: ExportDialogProps) {
  const [open, setOpen] = useState(false);
  const [format, setFormat] = useState<ExportFormat>("CSV");
  const [error, setError] = useState<string | null>(null);
  const [finished, setFinished] = useState<Finished | null>(null);
  const [registryState, exportRegistry] = useMutation(ExportKeyRegistryMutation);
  const [auditState, exportAudit] = useMutation(ExportAuditLogMutation);
  const fetching = registryState.fetching || auditState.fetching;

  const run = async () => {
    setError(null);
    const result =
      kind === "KEY_REGISTRY"
        ? await exportRegistry({ input: { format, filter: registryFilter ?? null } })
        : await exportAudit({ input: { format, filter: auditFilter ?? null } });
    const payload =
      result.data && "exportKeyRegistry" in result.data
        ? result.data.exportKeyRegistry
        : result.data && "exportAuditLog" in result.data
          ? result.data.exportAuditLog
          : undefined;
    const failure = failureOf(result.error, payload);
    if (failure) setError(failure);
    else if (payload?.__typename === "ExportPayload") {
      setFinished({ receipt: payload.receipt, downloadUrl: payload.downloadUrl });
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) {
          setFinished(null);
          setError(null);
        }
      }}
      trigger={trigger}
      title={titles[kind]}
      description={
        finished
          ? "Keep this receipt: the filename, filters and SHA-256 prove which file you exported."
          : "The export applies the filters in effect and is recorded in the audit log with a receipt."
      }
      className="kw-dialog--wide"
      footer={
        finished ? (
          <>
            <a
              className="kw-button kw-button--secondary"
              href={finished.downloadUrl}
              download={finished.receipt.filename}
            >
              Download {finished.receipt.filename}
            </a>
            <Button variant="primary" onClick={() => setOpen(false)}>
              Done
            </Button>
          </>
        ) : (
          <>
            <Button onClick={() => setOpen(false)}>Cancel</Button>
            <Button variant="primary" onClick={run} disabled={fetching}>
              {fetching ? "Exporting…" : "Export"}
            </Button>
          </>
        )
      }
    >
      {error ? (
        <Banner tone="danger" role="alert">
          {error}
        </Banner>
      ) : null}
      {finished ? (
        <div role="status" className="kw-stack">
          <Banner tone="success" title="Export ready">
            {finished.receipt.rowCount.toLocaleString()} rows exported.
          </Banner>
          <ExportReceiptDetails receipt={finished.receipt} />
        </div>
      ) : (
        <RadioGroup<ExportFormat>
          legend="Format"
          name="format"
          inline
          options={[
            { value: "CSV", label: "CSV" },
            { value: "JSON", label: "JSON" },
          ]}
          value={format}
          onChange={setFormat}
        />
      )}
    </Dialog>
  );
}
