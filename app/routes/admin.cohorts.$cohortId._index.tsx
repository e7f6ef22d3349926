import { TZDate } from "@date-fns/tz";
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { format } from "date-fns";
import { ErrorSummary, SummaryList, Tag, WarningCallout } from "nhsuk-react-components";
import { z } from "zod";
import { CheckboxesField, SelectField, SubmitButton, SuccessBanner, TextField, ValidatedForm } from "~/components/form";
import { PROFESSION_LABELS } from "~/domain/labels";
import { addMember, archiveCohort, getCohort, removeMember, updateCohort, type Refusal } from "~/models/cohorts.server";
import { AddMemberSchema, CohortSchema, RemoveMemberSchema } from "~/schemas/admin";
import { requireRole } from "~/server/guards.server";
import { formError, invalid, notFound, readFormData } from "~/server/request.server";
import { formatDay, LONDON } from "~/utils/dates";
import { checkboxes, validateForm, type FormValues } from "~/utils/forms";
import { TableWrap } from "~/components/table-wrap";

const ArchiveSchema = z.strictObject({
  confirm: checkboxes(z.literal("yes", { error: "Select the box to confirm" })),
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.cohort.name ?? "Cohort"} - CLN Action Learning Sets` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const page = getCohort(params.cohortId ?? "");
  if (!page) throw notFound();
  return json(page);
}

const refused = (outcome: Refusal, values: FormValues) =>
  json({ ok: false as const, errors: outcome.errors, formError: outcome.formError, values }, { status: outcome.status });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const cohortId = params.cohortId ?? "";
  const actor = { id: user.id, name: user.name, ip: context.ip };
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const back = (notice: string) => redirect(`/admin/cohorts/${cohortId}?notice=${notice}`);

  if (intent === "update") {
    const result = validateForm(CohortSchema, formData);
    if (!result.ok) return invalid(result);
    const outcome = updateCohort(cohortId, result.data, actor);
    return outcome.ok ? back("updated") : refused(outcome, result.values);
  }
  if (intent === "add") {
    const result = validateForm(AddMemberSchema, formData);
    if (!result.ok) return invalid(result);
    const outcome = addMember(cohortId, result.data.userId, actor);
    return outcome.ok ? back("member-added") : refused(outcome, result.values);
  }
  if (intent === "remove") {
    const result = validateForm(RemoveMemberSchema, formData);
    if (!result.ok) return invalid(result);
    const outcome = removeMember(cohortId, result.data.userId, actor);
    return outcome.ok ? back("member-removed") : refused(outcome, result.values);
  }
  if (intent === "archive") {
    const result = validateForm(ArchiveSchema, formData);
    if (!result.ok) return invalid(result);
    const outcome = archiveCohort(cohortId, result.data.confirm.includes("yes"), actor);
    return outcome.ok ? back("archived") : refused(outcome, result.values);
  }
  return formError("This form was sent without saying what to do. Reload the page and try again.");
}

const INTENTS = ["update", "add", "remove", "archive"];

const day = (epochMs: number) => format(new TZDate(epochMs, LONDON), "d MMMM yyyy");

const NOTICES: Record<string, string> = {
  created: "Cohort created. Now add its members.",
  updated: "Cohort details saved.",
  "member-added": "Member added.",
  "member-removed": "Member removed. Their time in the cohort stays in the membership history.",
  archived: "Cohort archived. It can no longer be changed.",
};

function count(params: URLSearchParams, name: string) {
  const n = Number(params.get(name));
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

function Notice() {
  const [params] = useSearchParams();
  const notice = params.get("notice");
  if (notice === "imported") {
    const added = count(params, "added");
    const invited = count(params, "invited");
    const unsent = count(params, "unsent");
    return (
      <SuccessBanner>
        {added} {added === 1 ? "person" : "people"} added ({invited} invited by email).
        {unsent > 0 ? ` ${unsent} invitation ${unsent === 1 ? "email" : "emails"} could not be sent: resend from the People page.` : null}
      </SuccessBanner>
    );
  }
  return notice && NOTICES[notice] ? <SuccessBanner>{NOTICES[notice]}</SuccessBanner> : null;
}

export default function CohortPage() {
  const { cohort, members, history, eligible, sizeWarning, termEnded, options } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const resultFor = (intent: string) => (result && result.values?.intent === intent ? result : undefined);
  const removeResult = resultFor("remove");
  const isArchived = cohort.archivedAt !== null;
  // Remove buttons sit in table rows, so their refusals (and any not tied to a form below) show at the top.
  const orphan = result && !result.ok && !INTENTS.includes(String(result.values?.intent)) ? result : undefined;
  const removeErrors = [removeResult, orphan]
    .flatMap((r) => (r && !r.ok ? [r.formError, ...Object.values(r.errors ?? {})] : []))
    .filter((m): m is string => Boolean(m));

  return (
    <>
      <Link className="nhsuk-back-link" to="/admin/cohorts">
        Back to cohorts
      </Link>
      {removeErrors.length ? (
        <ErrorSummary key={removeErrors.join("|")}>
          <ErrorSummary.Title>There is a problem</ErrorSummary.Title>
          <ErrorSummary.List>
            {removeErrors.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ErrorSummary.List>
        </ErrorSummary>
      ) : null}
      {result ? null : <Notice />}
      <h1>
        {cohort.name} {isArchived ? <Tag modifier="grey">Archived</Tag> : null}
      </h1>
      {isArchived ? (
        <div className="nhsuk-inset-text">
          <p>This cohort was archived on {day(cohort.archivedAt!)}. It is read-only: its details and members can no longer be changed.</p>
        </div>
      ) : null}
      {sizeWarning ? (
        <WarningCallout>
          <WarningCallout.Heading headingLevel="h2">Important: set size</WarningCallout.Heading>
          <p>{sizeWarning}</p>
        </WarningCallout>
      ) : null}

      <SummaryList>
        <SummaryList.Row>
          <SummaryList.Key>Footprint</SummaryList.Key>
          <SummaryList.Value>{cohort.footprint}</SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Programme term</SummaryList.Key>
          <SummaryList.Value>
            {formatDay(cohort.termStart)} to {formatDay(cohort.termEnd)}
          </SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Facilitator</SummaryList.Key>
          <SummaryList.Value>{cohort.facilitator}</SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Co-facilitator</SummaryList.Key>
          <SummaryList.Value>{cohort.coFacilitator ?? "None"}</SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Current members</SummaryList.Key>
          <SummaryList.Value>{members.length}</SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Status</SummaryList.Key>
          <SummaryList.Value>{isArchived ? "Archived" : "Active"}</SummaryList.Value>
        </SummaryList.Row>
      </SummaryList>

      <h2 id="members">Members</h2>
      {members.length === 0 ? (
        <p>This cohort has no members yet.</p>
      ) : (
        <TableWrap label={`Current members of ${cohort.name}`}>
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Current members of {cohort.name}</caption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col" className="nhsuk-table__header">Name</th>
                <th scope="col" className="nhsuk-table__header">Organisation</th>
                <th scope="col" className="nhsuk-table__header">Profession</th>
                <th scope="col" className="nhsuk-table__header">Joined</th>
                {isArchived ? null : (
                  <th scope="col" className="nhsuk-table__header">
                    <span className="nhsuk-u-visually-hidden">Action</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {members.map((m) => (
                <tr className="nhsuk-table__row" key={m.userId}>
                  <td className="nhsuk-table__cell">
                    {m.name}
                    {m.status === "invited" ? <span className="nhsuk-u-font-size-16"> (invited)</span> : null}
                    {m.status === "deactivated" ? <span className="nhsuk-u-font-size-16"> (deactivated)</span> : null}
                  </td>
                  <td className="nhsuk-table__cell">{m.organisation ?? "Not recorded"}</td>
                  <td className="nhsuk-table__cell">{PROFESSION_LABELS[m.profession]}</td>
                  <td className="nhsuk-table__cell app-nowrap">{day(m.joinedAt)}</td>
                  {isArchived ? null : (
                    <td className="nhsuk-table__cell">
                      <ValidatedForm schema={RemoveMemberSchema} className="app-inline-form" preventScrollReset>
                        <input type="hidden" name="userId" value={m.userId} />
                        <button type="submit" name="intent" value="remove" className="app-button-link">
                          Remove<span className="nhsuk-u-visually-hidden"> {m.name} from this cohort</span>
                        </button>
                      </ValidatedForm>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      <p>
        <Link to={`/cohorts/${cohort.id}`}>
          Meetings of this cohort<span className="nhsuk-u-visually-hidden"> ({cohort.name})</span>
        </Link>
      </p>
      {isArchived || !options ? null : (
        <>
          <p>
            <Link to={`/admin/cohorts/${cohort.id}/import`}>
              Import members from a CSV file<span className="nhsuk-u-visually-hidden"> into {cohort.name}</span>
            </Link>
          </p>

          <h2>Add a member</h2>
          {eligible.length === 0 ? (
            <p>
              There is no clinical lead who could be added. Invite people on the <Link to="/admin/people">People page</Link>, or import a CSV file.
            </p>
          ) : (
            <ValidatedForm schema={AddMemberSchema} result={resultFor("add")} preventScrollReset>
              <SelectField name="userId" label="Clinical lead" hint="Clinical leads who are not already in this cohort" options={eligible} />
              <SubmitButton intent="add" secondary busyText="Adding…">
                Add member
              </SubmitButton>
            </ValidatedForm>
          )}
        </>
      )}

      <h2>Membership history</h2>
      {history.length === 0 ? (
        <p>No one has been a member of this cohort yet.</p>
      ) : (
        <TableWrap label={`Everyone who has been a member of ${cohort.name}, latest first`}>
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Everyone who has been a member of {cohort.name}, latest first</caption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col" className="nhsuk-table__header">Name</th>
                <th scope="col" className="nhsuk-table__header">Joined</th>
                <th scope="col" className="nhsuk-table__header">Left</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {history.map((h) => (
                <tr className="nhsuk-table__row" key={h.id}>
                  <td className="nhsuk-table__cell">{h.name}</td>
                  <td className="nhsuk-table__cell app-nowrap">{day(h.joinedAt)}</td>
                  <td className="nhsuk-table__cell app-nowrap">{h.leftAt === null ? "Current member" : day(h.leftAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      {isArchived || !options ? null : (
        <div className="nhsuk-grid-row">
          <div className="nhsuk-grid-column-two-thirds">
            <h2>Change details</h2>
            <ValidatedForm schema={CohortSchema} result={resultFor("update")}>
              <TextField name="name" label="Cohort name" defaultValue={cohort.name} />
              <SelectField name="footprintId" label="Footprint" options={options.footprints} defaultValue={cohort.footprintId} />
              <TextField name="termStart" label="Term start date" type="date" defaultValue={cohort.termStart} hint="For example, 1 September 2026" />
              <TextField name="termEnd" label="Term end date" type="date" defaultValue={cohort.termEnd} hint="For example, 31 July 2027" />
              <SelectField name="facilitatorId" label="Facilitator" options={options.facilitators} defaultValue={cohort.facilitatorId} />
              <SelectField
                name="coFacilitatorId"
                label="Co-facilitator (optional)"
                options={options.facilitators}
                defaultValue={cohort.coFacilitatorId ?? ""}
                placeholder="No co-facilitator"
              />
              <SubmitButton intent="update">Save details</SubmitButton>
            </ValidatedForm>

            <h2>Archive this cohort</h2>
            <p>Archive the cohort when its programme term is over. An archived cohort is kept, with its membership history, but can no longer be changed.</p>
            <ValidatedForm schema={ArchiveSchema} result={resultFor("archive")}>
              {termEnded ? (
                <p>The term ended on {formatDay(cohort.termEnd)}.</p>
              ) : (
                <CheckboxesField
                  name="confirm"
                  legend="The term has not ended yet"
                  hint={`The term runs until ${formatDay(cohort.termEnd)}.`}
                  options={[{ value: "yes", label: "Archive this cohort now, before its term ends" }]}
                />
              )}
              <SubmitButton intent="archive" warning busyText="Archiving…">
                Archive cohort
              </SubmitButton>
            </ValidatedForm>
          </div>
        </div>
      )}
    </>
  );
}
