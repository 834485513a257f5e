import { Banner, Button, SelectField } from "@keyward/ui";
import { useState } from "react";
import { useMutation } from "urql";
import { optionsOf, type Role, roleDescriptions, roleLabels } from "../format/labels.ts";
import { describeError, describeKeywardError } from "../graphql/describe-error.ts";
import { graphql } from "../graphql/graphql.ts";

export const SetUserRoleMutation = graphql(`
  mutation SetUserRole($input: SetUserRoleInput!) {
    setUserRole(input: $input) {
      __typename
      ... on ProfilePayload {
        profile {
          id
          role
        }
      }
      ... on KeywardError {
        code
        message
      }
    }
  }
`);

export interface RoleEditorProps {
  user: { id: string; role: Role | null; ssoManaged: boolean | null; displayName: string };
  /** Editing your own role could lock you out; the API refuses it too. */
  isSelf: boolean;
}

/**
 * Changes a user's role, and explains the SSO rule: for users whose role comes from the identity
 * provider's claim mapping, the mapping wins at every sign-in, so a manual edit would not last.
 */
export function RoleEditor({ user, isSelf }: RoleEditorProps) {
  const [role, setRole] = useState<Role | "">(user.role ?? "");
  const [message, setMessage] = useState<{ tone: "success" | "danger"; text: string } | null>(null);
  const [{ fetching }, save] = useMutation(SetUserRoleMutation);
  const ssoManaged = user.ssoManaged === true;
  const unchanged = role === (user.role ?? "");

  const submit = async () => {
    if (!role) return;
    setMessage(null);
    const result = await save({ input: { userId: user.id, role } });
    const payload = result.data?.setUserRole;
    if (result.error) setMessage({ tone: "danger", text: describeError(result.error) });
    else if (payload?.__typename === "KeywardError") {
      setMessage({ tone: "danger", text: describeKeywardError(payload) });
    } else if (payload?.__typename === "ProfilePayload") {
      setMessage({
        tone: "success",
        text: `${user.displayName} is now ${roleLabels[role]}. Their sessions were ended, so the change applies at once.`,
      });
    }
  };

  return (
    <div className="kw-stack">
      {ssoManaged ? (
        <Banner tone="info" title="Role managed by single sign-on">
          <p>
            This user's role comes from your identity provider's claim mapping and is set again at every
            sign-in, so manual edits would not last. Change it in the identity provider instead.
          </p>
        </Banner>
      ) : (
        <p className="kw-muted">
          Manual role edits apply to users outside single sign-on. For SSO users, the identity provider's role
          mapping wins at every sign-in.
        </p>
      )}
      <div className="kw-inline-form">
        <SelectField
          label="Role"
          name="role"
          options={optionsOf(roleLabels)}
          value={role}
          onValueChange={setRole}
          disabled={ssoManaged || isSelf}
          hint={role ? roleDescriptions[role] : undefined}
        />
        <Button variant="primary" onClick={submit} disabled={ssoManaged || isSelf || unchanged || fetching}>
          {fetching ? "Saving…" : "Save role"}
        </Button>
      </div>
      {isSelf ? <p className="kw-muted kw-small">You cannot change your own role.</p> : null}
      {message ? (
        <Banner tone={message.tone} role={message.tone === "danger" ? "alert" : "status"}>
          {message.text}
        </Banner>
      ) : null}
    </div>
  );
}
