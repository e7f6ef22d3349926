/**
 * /admin/people/:personId/erase: a CLN admin erases a person's data after
 * typing their email address to confirm. GET only shows what will happen
 * (and why not, if they cannot be erased yet); POST erases
 * (app/models/erasure.server.ts) and goes back to the people list.
 */
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { SubmitButton, TextField, ValidatedForm } from "~/components/form";
import { normaliseEmail } from "~/models/account.server";
import { erasePerson, erasureCheck } from "~/models/erasure.server";
import { requireRole } from "~/server/guards.server";
import { fieldError, formError, invalid, notFound, readFormData } from "~/server/request.server";
import { validateForm } from "~/utils/forms";

const EraseSchema = z.strictObject({
  email: z
    .string({ error: "Enter their email address to confirm" })
    .trim()
    .min(1, "Enter their email address to confirm")
    .max(254, "Email address must be 254 characters or fewer"),
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Erase ${data?.person.name ?? "a person"}'s data - CLN Action Learning Sets` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const check = erasureCheck(params.personId ?? "", admin.id);
  if (!check) throw notFound();
  const { person, refusal } = check;
  return json({
    person: { id: person.id, name: person.name, email: person.email, status: person.status },
    refusal: refusal ? { message: refusal.message, cohorts: refusal.reason === "facilitator" ? refusal.cohorts : [] } : null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const personId = params.personId ?? "";
  const result = validateForm(EraseSchema, await readFormData(request));
  if (!result.ok) return invalid(result);
  const check = erasureCheck(personId, admin.id);
  if (!check) throw notFound();
  if (check.refusal) return formError(check.refusal.message, result.values);
  if (normaliseEmail(result.data.email) !== normaliseEmail(check.person.email)) {
    return fieldError("email", "The email address does not match. Type it exactly as shown above", result.values);
  }
  const outcome = await erasePerson(personId, { id: admin.id, name: admin.name, ip: context.ip });
  if (!outcome.ok) {
    if (outcome.reason === "not-found") throw notFound();
    return formError(outcome.message, result.values);
  }
  return redirect("/admin/people?notice=erased");
}

export default function ErasePerson() {
  const { person, refusal } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const back = `/admin/people/${person.id}`;
  return (
    <>
      <Link to={back} className="nhsuk-back-link">
        Back to {person.name}
      </Link>
      <h1>Erase {person.name}’s data</h1>

      {refusal ? (
        <>
          <p>{refusal.message}</p>
          {refusal.cohorts.length ? (
            <ul className="nhsuk-list nhsuk-list--bullet">
              {refusal.cohorts.map((c) => (
                <li key={c.id}>
                  <Link to={`/admin/cohorts/${c.id}`}>{c.name}</Link>
                </li>
              ))}
            </ul>
          ) : null}
          <p>
            <Link to={back}>Back to their record</Link>
          </p>
        </>
      ) : (
        <>
          <div className="nhsuk-warning-callout">
            <h2 className="nhsuk-warning-callout__label">
              <span role="text">
                <span className="nhsuk-u-visually-hidden">Important: </span>
                This cannot be undone
              </span>
            </h2>
            <p>Erasing signs them out at once and deletes:</p>
            <ul>
              <li>their name, email address, organisation, profession, password and two-factor sign-in</li>
              <li>their roles, cohort memberships, answers to meetings, attendance and calendar link</li>
              <li>the actions they own, with their report-backs and sharing decisions</li>
              <li>their bids, actions and report-backs in live meeting records</li>
            </ul>
            <p>What stays:</p>
            <ul>
              <li>items already shared beyond the set: they were de-identified and cannot be linked to anyone</li>
              <li>the audit log, where they appear as “Erased person”</li>
              <li>other people’s actions and records; where they wrote or recorded something for someone else, their name is removed from it</li>
            </ul>
          </div>
          <ValidatedForm schema={EraseSchema} result={result} action={`/admin/people/${person.id}/erase`}>
            <TextField
              name="email"
              type="email"
              label="Type their email address to confirm"
              hint={<>Their email address is <strong className="app-break-word">{person.email}</strong></>}
              autoComplete="off"
              spellCheck={false}
            />
            <div className="app-button-row">
              <SubmitButton warning busyText="Erasing…">
                Erase this person’s data
              </SubmitButton>
              <p>
                <Link to={back}>Cancel</Link>
              </p>
            </div>
          </ValidatedForm>
        </>
      )}
    </>
  );
}
