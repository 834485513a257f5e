import { Banner, Button, Dialog, TextField } from "@keyward/ui";
import { type FormEvent, type ReactElement, useState } from "react";
import { useMutation } from "urql";
import { describeError, describeKeywardError, fieldErrorsOf } from "../graphql/describe-error.ts";
import { graphql } from "../graphql/graphql.ts";
import { navigate } from "../routing/router.tsx";
import { pathTo } from "../routing/routes.ts";
import { UserRowFields } from "./user-fragments.ts";

export const CreateServiceAccountMutation = graphql(
  `
  mutation CreateServiceAccount($input: CreateServiceAccountInput!) {
    createServiceAccount(input: $input) {
      __typename
      ... on ProfilePayload {
        profile {
          ...UserRowFields
        }
      }
      ... on KeywardError {
        code
        message
        fieldIssues {
          path
          message
        }
      }
    }
  }
`,
  [UserRowFields],
);

/** A non-human principal for a workload; its keys are issued by admins from its page. */
export function CreateServiceAccountDialog(props: { trigger: ReactElement }) {
  const [open, setOpen] = useState(false);
  const [displayName, setDisplayName] = useState("");
  const [orgUnit, setOrgUnit] = useState("");
  const [nameError, setNameError] = useState<string | undefined>();
  const [formError, setFormError] = useState<string | null>(null);
  const [{ fetching }, create] = useMutation(CreateServiceAccountMutation);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!displayName.trim()) {
      setNameError("Name the service account after the workload, e.g. ci-deployer.");
      return;
    }
    setNameError(undefined);
    setFormError(null);
    const result = await create({
      input: { displayName: displayName.trim(), orgUnit: orgUnit.trim() || null },
    });
    const payload = result.data?.createServiceAccount;
    if (result.error) setFormError(describeError(result.error));
    else if (payload?.__typename === "KeywardError") {
      setNameError(fieldErrorsOf(payload).displayName);
      setFormError(describeKeywardError(payload));
    } else if (payload?.__typename === "ProfilePayload") {
      setOpen(false);
      navigate(pathTo("/admin/users/:id", { id: payload.profile.id }));
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={setOpen}
      trigger={props.trigger}
      title="New service account"
      description="A service account is a workload's own identity, separate from any person. It cannot sign in; give it keys from its page."
    >
      <form className="kw-stack" onSubmit={submit} noValidate>
        {formError ? (
          <Banner tone="danger" role="alert">
            {formError}
          </Banner>
        ) : null}
        <TextField
          label="Name"
          name="displayName"
          value={displayName}
          onChange={(event) => setDisplayName(event.currentTarget.value)}
          error={nameError}
          required
        />
        <TextField
          label="Organisation unit (optional)"
          name="orgUnit"
          value={orgUnit}
          onChange={(event) => setOrgUnit(event.currentTarget.value)}
        />
        <div className="kw-dialog__footer">
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={fetching}>
            {fetching ? "Creating…" : "Create service account"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
