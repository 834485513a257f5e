import {
  Banner,
  Button,
  Card,
  DataTable,
  type DataTableColumn,
  Dialog,
  SwitchField,
  TextField,
} from "@keyward/ui";
import { type FormEvent, useState } from "react";
import { useMutation, useQuery } from "urql";
import { describeError, describeKeywardError, failureOf, fieldErrorsOf } from "../graphql/describe-error.ts";
import { graphql } from "../graphql/graphql.ts";
import { type ToolData, ToolFields } from "./ai-key-fragments.ts";

export const ToolCatalogueQuery = graphql(
  `
  query ToolCatalogue {
    tools {
      ...ToolFields
    }
  }
`,
  [ToolFields],
);

export const CreateToolMutation = graphql(
  `
  mutation CreateTool($input: CreateToolInput!) {
    createTool(input: $input) {
      __typename
      ... on ToolPayload {
        tool {
          ...ToolFields
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
  [ToolFields],
);

export const UpdateToolMutation = graphql(
  `
  mutation UpdateTool($input: UpdateToolInput!) {
    updateTool(input: $input) {
      __typename
      ... on ToolPayload {
        tool {
          ...ToolFields
        }
      }
      ... on KeywardError {
        code
        message
      }
    }
  }
`,
  [ToolFields],
);

/** "OpenAI" → "openai": a slug to start from. */
export function slugFor(name: string): string {
  return name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function AddToolDialog() {
  const [open, setOpen] = useState(false);
  const [displayName, setDisplayName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const [requiresApproval, setRequiresApproval] = useState(true);
  const [errors, setErrors] = useState<{ displayName?: string; slug?: string }>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [{ fetching }, create] = useMutation(CreateToolMutation);

  const reset = () => {
    setDisplayName("");
    setSlug("");
    setSlugEdited(false);
    setRequiresApproval(true);
    setErrors({});
    setFormError(null);
  };

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = {
      displayName: displayName.trim() ? undefined : "Name the tool as people know it, e.g. OpenAI.",
      slug: /^[a-z0-9._-]+$/.test(slug) ? undefined : "Use lower-case letters, digits and - _ . only.",
    };
    setErrors(found);
    if (found.displayName || found.slug) return;
    setFormError(null);
    const result = await create({ input: { displayName: displayName.trim(), slug, requiresApproval } });
    const payload = result.data?.createTool;
    if (result.error) setFormError(describeError(result.error));
    else if (payload?.__typename === "KeywardError") {
      setErrors(fieldErrorsOf(payload));
      setFormError(describeKeywardError(payload));
    } else if (payload?.__typename === "ToolPayload") {
      setOpen(false);
      reset();
    }
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) reset();
      }}
      trigger={<Button size="sm">Add tool</Button>}
      title="Add a tool to the catalogue"
      description="People request keys for the tools in the catalogue from My AI keys."
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
          onChange={(event) => {
            const value = event.currentTarget.value;
            setDisplayName(value);
            if (!slugEdited) setSlug(slugFor(value));
          }}
          error={errors.displayName}
        />
        <TextField
          label="Slug"
          name="slug"
          value={slug}
          onChange={(event) => {
            setSlug(event.currentTarget.value);
            setSlugEdited(true);
          }}
          error={errors.slug}
          hint="Unique in your organisation; shown beside the name."
        />
        <SwitchField
          label="Production keys need approval"
          checked={requiresApproval}
          onChange={setRequiresApproval}
          hint="Development and staging keys are always issued at once."
        />
        <div className="kw-dialog__footer">
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button type="submit" variant="primary" disabled={fetching}>
            {fetching ? "Adding…" : "Add tool"}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}

function ApprovalSwitch(props: { tool: ToolData; onError: (message: string) => void }) {
  const [{ fetching }, update] = useMutation(UpdateToolMutation);
  const toggle = async (requiresApproval: boolean) => {
    const result = await update({ input: { id: props.tool.id, requiresApproval } });
    const payload = result.data?.updateTool;
    const failure = failureOf(result.error, payload);
    if (failure) props.onError(failure);
  };
  return (
    <SwitchField
      label={
        <span className="kw-visually-hidden">{props.tool.displayName}: production keys need approval</span>
      }
      checked={props.tool.requiresApproval}
      disabled={fetching}
      onChange={(checked) => void toggle(checked)}
    />
  );
}

/** Admin: the organisation's tool catalogue, and which tools need approval for production keys. */
export function ToolCatalogueCard() {
  const [{ data, error, fetching }] = useQuery({ query: ToolCatalogueQuery });
  const [actionError, setActionError] = useState<string | null>(null);
  const columns: DataTableColumn<ToolData>[] = [
    { id: "name", header: "Tool", cell: (row) => <span className="kw-strong">{row.displayName}</span> },
    { id: "slug", header: "Slug", cell: (row) => <code>{row.slug}</code> },
    {
      id: "approval",
      header: "Production keys need approval",
      cell: (row) => <ApprovalSwitch tool={row} onError={setActionError} />,
    },
  ];
  return (
    <Card title="Tool catalogue" actions={<AddToolDialog />}>
      <div className="kw-stack">
        {error || actionError ? (
          <Banner tone="danger" role="alert">
            {actionError ?? (error ? describeError(error) : null)}
          </Banner>
        ) : null}
        <DataTable
          caption="Tool catalogue"
          hideCaption
          columns={columns}
          rows={data?.tools ?? []}
          getRowKey={(row) => row.id}
          emptyState={fetching ? "Loading the catalogue…" : "No tools yet. Add the providers people use."}
        />
      </div>
    </Card>
  );
}
