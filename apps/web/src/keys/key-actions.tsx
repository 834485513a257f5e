import { Button } from "@keyward/ui";
import type { KeyStatus } from "../format/labels.ts";
import { RevokeKeyDialog } from "./revoke-key-dialog.tsx";
import { RotateKeyDialog } from "./rotate-key-dialog.tsx";

export interface KeyActionsProps {
  apiKey: { id: string; name: string; displayHint?: string | null; status: KeyStatus };
  /** Rotate and regenerate reveal a secret, so they are offered to the key's owner only. */
  canReplace: boolean;
  size?: "sm" | "md";
}

/** Revoked and rejected keys are history: they offer no action. */
export function isRevocable(status: KeyStatus): boolean {
  return status !== "REVOKED" && status !== "REJECTED";
}

/** Rotate, regenerate and revoke for one key, each confirmed in a dialog. */
export function KeyActions({ apiKey, canReplace, size = "sm" }: KeyActionsProps) {
  const replaceable = canReplace && (apiKey.status === "ACTIVE" || apiKey.status === "EXPIRED");
  // Rows stay calm with the two routine actions; the key's page also offers Regenerate.
  const compact = size === "sm";
  if (!replaceable && !isRevocable(apiKey.status)) return null;
  const label = (verb: string) => `${verb} ${apiKey.name}`;
  return (
    <div className="kw-actions">
      {replaceable ? (
        <>
          <RotateKeyDialog
            apiKey={apiKey}
            mode="rotate"
            trigger={
              <Button size={size} aria-label={size === "sm" ? label("Rotate") : undefined}>
                Rotate
              </Button>
            }
          />
          {compact ? null : (
            <RotateKeyDialog
              apiKey={apiKey}
              mode="regenerate"
              trigger={<Button size={size}>Regenerate</Button>}
            />
          )}
        </>
      ) : null}
      {isRevocable(apiKey.status) ? (
        <RevokeKeyDialog
          apiKey={apiKey}
          trigger={
            <Button
              size={size}
              variant={size === "sm" ? "ghost" : "danger"}
              className={size === "sm" ? "kw-button--danger-text" : undefined}
              aria-label={size === "sm" ? label("Revoke") : undefined}
            >
              Revoke
            </Button>
          }
        />
      ) : null}
    </div>
  );
}
