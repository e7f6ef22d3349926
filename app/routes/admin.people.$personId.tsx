import { PERSON_STATUS_LABELS, PersonStatusTag } from "~/components/person-status";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorSummary, SummaryList } from "nhsuk-react-components";
import type { ReactNode } from "react";
import { z } from "zod";
import { PROFESSIONS, ROLES } from "~db/enums";
import { CheckboxesField, SelectField, SubmitButton, SuccessBanner, TextField, ValidatedForm } from "~/components/form";
import { PROFESSION_LABELS, ROLE_LABELS } from "~/domain/labels";
import {
  deactivatePerson,
  getPerson,
  organisationOptions,
  reactivatePerson,
  resendInvitation,
  updatePerson,
  type Actor,
} from "~/models/people.server";
import { isErased } from "~/models/erasure.server";
import { PersonSchema } from "~/schemas/admin";
import { requireRole } from "~/server/guards.server";
import { fieldError, formError, invalid, notFound, readFormData } from "~/server/request.server";
import { formatInstant } from "~/utils/dates";
import { validateForm } from "~/utils/forms";

/** The one-button forms (resend, deactivate, reactivate) send nothing but their intent. */
const NoFields = z.strictObject({});

const DUPLICATE_EMAIL = "Someone with this email address already has an account";
const EMAIL_LOCKED =
  "The email address can only be changed before they accept their invitation. To use a different address, deactivate this account and invite them again";
const OWN_ADMIN = "You cannot remove your own CLN admin role. Ask another CLN admin to do it";
const SELF_DEACTIVATE = "You cannot deactivate your own account. Ask another CLN admin to do it";
const ERASED = "This person's data has been erased, so nothing about them can be changed";


export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.person.name ?? "Person"} - CLN Action Learning Sets` },
];


export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const person = getPerson(params.personId ?? "");
  if (!person) throw notFound();
  return json({ person, isSelf: person.id === admin.id, organisations: organisationOptions() });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const personId = params.personId ?? "";
  const back = (notice: string) => redirect(`/admin/people/${personId}?notice=${notice}`);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const actor: Actor = { id: admin.id, name: admin.name, ip: context.ip };
  // An erased person's record is a tombstone: nothing about it may change (not even its status).
  if (isErased(personId)) return formError(ERASED, { intent: String(intent ?? "") });

  if (intent === "update") {
    const result = validateForm(PersonSchema, formData);
    if (!result.ok) return invalid(result);
    const outcome = await updatePerson(personId, result.data, actor);
    if (!outcome.ok) {
      switch (outcome.reason) {
        case "not-found":
          throw notFound();
        case "organisation":
          return fieldError("organisationId", "Select an organisation from the list", result.values);
        case "email-locked":
          return fieldError("email", EMAIL_LOCKED, result.values);
        case "own-admin":
          return fieldError("roles", OWN_ADMIN, result.values);
        case "duplicate":
          return json(
            { ok: false as const, errors: { email: DUPLICATE_EMAIL }, formError: undefined, values: result.values, existing: outcome.existing },
            { status: 400 },
          );
      }
    }
    if (outcome.invitationSentTo) return back(outcome.emailSent ? "email-changed" : "invite-failed");
    return back(outcome.changed ? "updated" : "unchanged");
  }

  const result = validateForm(NoFields, formData);
  if (!result.ok) return invalid(result);
  const values = { intent: String(intent ?? "") };
  if (intent === "resend") {
    const outcome = await resendInvitation(personId, actor);
    if (!outcome.ok) return formError("This person has already accepted their invitation or is deactivated, so no invitation was sent", values);
    return back(outcome.emailSent ? "invited" : "invite-failed");
  }
  if (intent === "deactivate") {
    const outcome = await deactivatePerson(personId, actor);
    if (!outcome.ok) {
      if (outcome.reason === "not-found") throw notFound();
      return formError(SELF_DEACTIVATE, values);
    }
    return back("deactivated");
  }
  if (intent === "reactivate") {
    const outcome = reactivatePerson(personId, actor);
    if (!outcome.ok) {
      if (outcome.reason === "not-found") throw notFound();
      return formError("This account is not deactivated", values);
    }
    return back(outcome.status === "active" ? "reactivated" : "reactivated-invited");
  }
  return formError("This form was sent without a known action. Reload the page and try again.", values);
}

function Notice({ notice, name, email }: { notice: string | null; name: string; email: string }) {
  const messages: Record<string, ReactNode> = {
    invited: `Invitation sent to ${email}`,
    "email-changed": `Changes saved. A new invitation was sent to ${email}; the link sent to the old address no longer works.`,
    updated: "Changes saved.",
    unchanged: "Nothing was changed.",
    deactivated: `${name} has been deactivated and signed out. They cannot sign in until they are reactivated.`,
    reactivated: `${name} has been reactivated and can sign in again.`,
    "reactivated-invited": `${name} has been reactivated. They had not accepted their invitation, so send them a new one below.`,
  };
  if (notice === "invite-failed") {
    return (
      <div className="nhsuk-warning-callout">
        <h2 className="nhsuk-warning-callout__label">
          <span role="text">
            <span className="nhsuk-u-visually-hidden">Important: </span>
            The invitation email was not sent
          </span>
        </h2>
        <p>
          We could not send the invitation to {email}. Their details are saved. Check the address, then use “Resend
          invitation” below to try again.
        </p>
      </div>
    );
  }
  const message = notice ? messages[notice] : undefined;
  return message ? <SuccessBanner>{message}</SuccessBanner> : null;
}

export default function Person() {
  const { person, isSelf, organisations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const failedIntent = result && !result.ok ? result.values?.intent : undefined;
  const updateResult = failedIntent === "update" ? result : undefined;
  const actionError = result && !result.ok && failedIntent !== "update" ? (("formError" in result && result.formError) || "Something went wrong. Try again.") : null;
  const existing = updateResult && "existing" in updateResult ? updateResult.existing : null;
  // Forms post to the bare address, so a notice or confirmation step in the URL does not linger after an error.
  const here = `/admin/people/${person.id}`;
  const erased = person.status === "erased";
  const confirming = params.get("confirm") === "deactivate" && person.status !== "deactivated" && !erased && !isSelf;

  return (
    <>
      <Link to="/admin/people" className="nhsuk-back-link">
        Back to people
      </Link>
      <Notice notice={params.get("notice")} name={person.name} email={person.email} />
      {actionError ? (
        <ErrorSummary>
          <ErrorSummary.Title>There is a problem</ErrorSummary.Title>
          <ErrorSummary.List>
            <li>{actionError}</li>
          </ErrorSummary.List>
        </ErrorSummary>
      ) : null}

      <h1>
        {person.name} <PersonStatusTag status={person.status} className="app-heading-tag" />
      </h1>

      <SummaryList>
        <SummaryList.Row>
          <SummaryList.Key>Email address</SummaryList.Key>
          <SummaryList.Value className="app-break-word">{erased ? "Erased" : person.email}</SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Organisation</SummaryList.Key>
          <SummaryList.Value>{person.organisationName ?? "Not set"}</SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Profession</SummaryList.Key>
          <SummaryList.Value>{PROFESSION_LABELS[person.profession]}</SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Roles</SummaryList.Key>
          <SummaryList.Value>{person.roles.map((r) => ROLE_LABELS[r]).join(", ") || "None"}</SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Status</SummaryList.Key>
          <SummaryList.Value>
            {PERSON_STATUS_LABELS[person.status]}
            {person.status === "invited"
              ? person.invitation
                ? ` – invitation sent ${formatInstant(person.invitation.sentAt)}, ${
                    person.invitation.expired ? "now expired" : `expires ${formatInstant(person.invitation.expiresAt)}`
                  }`
                : " – no invitation link is waiting; send a new one"
              : null}
            {person.status === "deactivated" && person.deactivatedAt ? ` on ${formatInstant(person.deactivatedAt)}` : null}
          </SummaryList.Value>
        </SummaryList.Row>
      </SummaryList>

      {confirming ? (
        <section aria-labelledby="confirm-heading">
          <h2 id="confirm-heading">Deactivate {person.name}?</h2>
          <div className="nhsuk-warning-callout">
            <h3 className="nhsuk-warning-callout__label">
              <span role="text">
                <span className="nhsuk-u-visually-hidden">Important: </span>
                What happens next
              </span>
            </h3>
            <p>
              They will be signed out everywhere at once, including any live meeting, and will not be able to sign in.
              {person.status === "invited" ? " Their invitation link will stop working." : ""} Their records are kept, and you
              can reactivate the account later.
            </p>
          </div>
          <ValidatedForm schema={NoFields} action={here}>
            <div className="app-button-row">
              <SubmitButton intent="deactivate" warning busyText="Deactivating…">
                Yes, deactivate {person.name}
              </SubmitButton>
              <p>
                <Link to={here}>Cancel</Link>
              </p>
            </div>
          </ValidatedForm>
        </section>
      ) : (
        <section aria-labelledby="account-heading">
          <h2 id="account-heading">Account</h2>
          {person.status === "invited" ? (
            <>
              <p>They have not accepted their invitation yet. A new invitation link replaces the earlier one.</p>
              <ValidatedForm schema={NoFields} action={here}>
                <SubmitButton intent="resend" secondary busyText="Sending…">
                  Resend invitation
                </SubmitButton>
              </ValidatedForm>
            </>
          ) : null}
          {erased ? (
            <p>Their data has been erased. This record stays only so the audit log still makes sense; it cannot be changed.</p>
          ) : person.status === "deactivated" ? (
            <>
              <p>
                {person.hasPassword
                  ? "Reactivating lets them sign in again with their existing password."
                  : "They never accepted their invitation: after reactivating, send them a new one."}
              </p>
              <ValidatedForm schema={NoFields} action={here}>
                <SubmitButton intent="reactivate" secondary busyText="Reactivating…">
                  Reactivate account
                </SubmitButton>
              </ValidatedForm>
            </>
          ) : isSelf ? (
            <p>This is your own account. You cannot deactivate it or remove your CLN admin role; another CLN admin can.</p>
          ) : (
            <p>
              <Link to={`/admin/people/${person.id}?confirm=deactivate`}>
                Deactivate account<span className="nhsuk-u-visually-hidden"> of {person.name}</span>
              </Link>
            </p>
          )}
          {erased || isSelf ? null : (
            <p>
              <Link to={`/admin/people/${person.id}/erase`}>
                Erase this person’s data<span className="nhsuk-u-visually-hidden"> ({person.name})</span>
              </Link>
            </p>
          )}
        </section>
      )}

      {erased ? null : (
        <section aria-labelledby="change-heading" className="nhsuk-u-margin-top-6">
          <h2 id="change-heading">Change details and roles</h2>
          <div className="nhsuk-grid-row">
            <div className="nhsuk-grid-column-two-thirds">
              <ValidatedForm schema={PersonSchema} result={updateResult} action={here}>
                <TextField name="name" label="Full name" defaultValue={person.name} autoComplete="off" spellCheck={false} />
                <TextField
                  name="email"
                  label="Work email address"
                  type="email"
                  defaultValue={person.email}
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
                        .
                      </>
                    ) : person.status === "invited" ? (
                      "You can change this until they accept their invitation. Changing it sends a new invitation to the new address, and the earlier link stops working."
                    ) : (
                      "This is the address they sign in with. It cannot be changed after they have accepted their invitation."
                    )
                  }
                />
                <SelectField
                  name="organisationId"
                  label="Organisation"
                  defaultValue={person.organisationId ?? ""}
                  options={organisations.map((o) => ({ value: o.id, label: o.name }))}
                />
                <SelectField
                  name="profession"
                  label="Profession"
                  defaultValue={person.profession}
                  options={PROFESSIONS.map((p) => ({ value: p, label: PROFESSION_LABELS[p] }))}
                />
                <CheckboxesField
                  name="roles"
                  legend="Roles"
                  hint={
                    isSelf
                      ? "Select all that apply. You cannot remove your own CLN admin role."
                      : "Select all that apply. Role changes take effect the next time they open a page."
                  }
                  // After a failed save, what was ticked (possibly nothing) is kept, not the saved roles.
                  defaultValue={updateResult ? [] : person.roles}
                  options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
                />
                <SubmitButton intent="update">Save changes</SubmitButton>
              </ValidatedForm>
            </div>
          </div>
        </section>
      )}
    </>
  );
}
