import { Banner, Button, Card, SelectField, TextField } from "@keyward/ui";
import { type FormEvent, useState } from "react";
import { useMutation } from "urql";
import { formatDateTime } from "../format/dates.ts";
import { describeError, describeKeywardError } from "../graphql/describe-error.ts";
import { graphql } from "../graphql/graphql.ts";
import type { ExportReceiptData } from "./export-receipt.tsx";

export const VerifyExportFileMutation = graphql(`
  mutation VerifyExportFile($input: VerifyExportFileInput!) {
    verifyExportFile(input: $input) {
      __typename
      ... on VerifyExportFilePayload {
        matches
        receipt {
          id
          filename
          sha256
        }
      }
      ... on KeywardError {
        code
        message
      }
    }
  }
`);

/** SHA-256 of a file, in hex, computed in the browser: the file itself is never uploaded. */
export async function sha256Hex(file: Blob): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

const hexDigest = /^[0-9a-f]{64}$/i;

/**
 * Checks a file against its receipt (seed 000: the filename, filters and SHA-256 carried through
 * later verification steps). Either pick the file, hashed locally, or paste its SHA-256.
 */
export function VerifyExportCard(props: { receipts: readonly ExportReceiptData[] }) {
  const [receiptId, setReceiptId] = useState("");
  const [digest, setDigest] = useState("");
  const [hashing, setHashing] = useState(false);
  const [errors, setErrors] = useState<{ receipt?: string; digest?: string }>({});
  const [outcome, setOutcome] = useState<{ matches: boolean; filename: string } | { error: string } | null>(
    null,
  );
  const [{ fetching }, verify] = useMutation(VerifyExportFileMutation);

  const pickFile = async (file: File | undefined) => {
    if (!file) return;
    setHashing(true);
    try {
      setDigest(await sha256Hex(file));
    } finally {
      setHashing(false);
    }
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = {
      receipt: receiptId ? undefined : "Choose the receipt the file should match.",
      digest: hexDigest.test(digest.trim())
        ? undefined
        : "Pick the file, or paste its SHA-256 (64 hexadecimal characters).",
    };
    setErrors(found);
    setOutcome(null);
    if (found.receipt || found.digest) return;
    const result = await verify({ input: { receiptId, sha256: digest.trim().toLowerCase() } });
    const payload = result.data?.verifyExportFile;
    if (result.error) setOutcome({ error: describeError(result.error) });
    else if (payload?.__typename === "KeywardError") setOutcome({ error: describeKeywardError(payload) });
    else if (payload?.__typename === "VerifyExportFilePayload") {
      setOutcome({ matches: payload.matches, filename: payload.receipt.filename });
    }
  };

  return (
    <Card title="Check a file against its receipt">
      <form className="kw-stack" onSubmit={submit} noValidate>
        <p className="kw-muted">
          The file is hashed in your browser; only its SHA-256 is sent. The check is recorded in the audit
          log.
        </p>
        <div className="kw-form-row">
          <SelectField
            label="Receipt"
            name="receipt"
            placeholder="Choose a receipt"
            options={props.receipts.map((receipt) => ({
              value: receipt.id,
              label: `${receipt.filename} (${formatDateTime(receipt.createdAt)})`,
            }))}
            value={receiptId}
            onValueChange={setReceiptId}
            error={errors.receipt}
          />
          <div className="kw-field">
            <label className="kw-field__label" htmlFor="verify-export-file">
              File
            </label>
            <input
              id="verify-export-file"
              className="kw-input kw-file"
              type="file"
              onChange={(event) => void pickFile(event.currentTarget.files?.[0])}
            />
          </div>
        </div>
        <TextField
          label="SHA-256"
          name="sha256"
          className="kw-mono-field"
          value={digest}
          onChange={(event) => setDigest(event.currentTarget.value)}
          error={errors.digest}
          hint={hashing ? "Hashing the file…" : "Filled in when you pick the file; or paste it."}
        />
        <div>
          <Button type="submit" disabled={fetching || hashing}>
            {fetching ? "Checking…" : "Check file"}
          </Button>
        </div>
        <div aria-live="polite">
          {outcome === null ? null : "error" in outcome ? (
            <Banner tone="danger" role="alert">
              {outcome.error}
            </Banner>
          ) : outcome.matches ? (
            <Banner tone="success" title="The file matches its receipt">
              <p>It is exactly the {outcome.filename} that was exported.</p>
            </Banner>
          ) : (
            <Banner tone="danger" title="The file does not match its receipt">
              <p>
                Its SHA-256 differs from the one recorded for {outcome.filename}: it was changed or is another
                file.
              </p>
            </Banner>
          )}
        </div>
      </form>
    </Card>
  );
}
