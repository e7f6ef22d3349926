import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { PROFESSIONS, ROLES } from "~db/enums";
import { CheckboxesField, SelectField, SubmitButton, TextField, ValidatedForm } from "~/components/form";
import { PROFESSION_LABELS, ROLE_LABELS } from "~/domain/labels";
import { invitePerson, organisationOptions } from "~/models/people.server";
import { PersonSchema } from "~/schemas/admin";
import { requireRole } from "~/server/guards.server";
import { fieldError, invalid, readForm } from "~/server/request.server";

const DUPLICATE_EMAIL = "Someone with this email address already has an account";

export const meta: MetaFunction = () => [{ title: "Invite a person - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json({ organisations: organisationOptions() });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const result = await readForm(request, PersonSchema);
  if (!result.ok) return invalid(result);
  const outcome = await invitePerson(result.data, { id: admin.id, name: admin.name, ip: context.ip });
  if (!outcome.ok) {
    if (outcome.reason === "organisation") return fieldError("organisationId", "Select an organisation from the list", result.values);
    return json(
      { ok: false as const, errors: { email: DUPLICATE_EMAIL }, formError: undefined, values: result.values, existing: outcome.existing },
      { status: 400 },
    );
  }
  return redirect(`/admin/people/${outcome.userId}?notice=${outcome.emailSent ? "invited" : "invite-failed"}`);
}

export default function InvitePerson() {
  const { organisations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const existing = result && "existing" in result ? result.existing : null;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Link to="/admin/people" className="nhsuk-back-link">
          Back to people
        </Link>
        <h1>Invite a person</h1>
        <p>
          They will get an email with a link to choose a password. The link works once and expires after 7 days; you can send a
          new one from their page.
        </p>
        {organisations.length === 0 ? (
          <div className="nhsuk-warning-callout">
            <h2 className="nhsuk-warning-callout__label">
              <span role="text">
                <span className="nhsuk-u-visually-hidden">Important: </span>
                Add an organisation first
              </span>
            </h2>
            <p>
              Everyone belongs to an organisation. <Link to="/admin/organisations">Add an organisation</Link> before inviting people.
            </p>
          </div>
        ) : null}
        <ValidatedForm schema={PersonSchema} result={result}>
          <TextField name="name" label="Full name" autoComplete="off" spellCheck={false} />
          <TextField
            name="email"
            label="Work email address"
            type="email"
            autoComplete="off"
            spellCheck={false}
            hint={
              existing ? (
                <>
                  This address belongs to{" "}
                  <Link to={`/admin/people/${existing.id}`}>
                    {existing.name}
                    <span className="nhsuk-u-visually-hidden"> (view their record)</span>
                  </Link>
                  . Change their roles there instead of inviting them again.
                </>
              ) : (
                "The invitation is sent here, and they sign in with it. For example, name@nhs.net"
              )
            }
          />
          <SelectField name="organisationId" label="Organisation" options={organisations.map((o) => ({ value: o.id, label: o.name }))} />
          <SelectField name="profession" label="Profession" options={PROFESSIONS.map((p) => ({ value: p, label: PROFESSION_LABELS[p] }))} />
          <CheckboxesField
            name="roles"
            legend="Roles"
            hint="Select all that apply. A person can hold more than one role."
            options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
          />
          <SubmitButton busyText="Sending invitation…">Send invitation</SubmitButton>
        </ValidatedForm>
      </div>
    </div>
  );
}
