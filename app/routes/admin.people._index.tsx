import { PERSON_STATUS_LABELS, PersonStatusTag } from "~/components/person-status";
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ROLES, USER_STATUSES } from "~db/enums";
import { SelectField, SubmitButton, SuccessBanner, TextField, ValidatedForm } from "~/components/form";
import { ROLE_LABELS } from "~/domain/labels";
import { listPeople, organisationOptions } from "~/models/people.server";
import { requireRole } from "~/server/guards.server";
import { optionalText, validateForm } from "~/utils/forms";
import { TableWrap } from "~/components/table-wrap";

/** An empty choice in a filter means "any". */
const anyOf = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess((v) => (v === "" ? undefined : v), z.enum(values, { error: message }).optional());

const PeopleFilterSchema = z.strictObject({
  q: optionalText(120, "Search for 120 characters or fewer"),
  role: anyOf(ROLES, "Select a role from the list"),
  status: anyOf(USER_STATUSES, "Select a status from the list"),
  organisationId: optionalText(64),
});


export const meta: MetaFunction = () => [{ title: "People - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const query = new FormData();
  for (const [key, value] of new URL(request.url).searchParams) query.append(key, value);
  const filter = validateForm(PeopleFilterSchema, query);
  const list = filter.ok ? listPeople(filter.data) : { people: [], truncated: false };
  const filtered = filter.ok && Object.values(filter.data).some((v) => v !== undefined);
  return json({ filter, filtered, ...list, organisations: organisationOptions() });
}

export default function People() {
  const { filter, filtered, people, truncated, organisations } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      {params.get("notice") === "erased" ? (
        <SuccessBanner>The person’s data has been erased and they have been signed out. The audit log records that you did it.</SuccessBanner>
      ) : null}
      <h1>People</h1>
      <p>
        Invite people, give them roles, and deactivate accounts that should no longer be used. Deactivating someone signs
        them out at once.
      </p>
      <Link to="/admin/people/new" className="nhsuk-button" data-module="nhsuk-button" role="button" draggable="false">
        Invite a person
      </Link>

      <ValidatedForm schema={PeopleFilterSchema} result={filter} method="get" errorTitle="There is a problem with the filters">
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
            <h2 className="nhsuk-fieldset__heading">Find people</h2>
          </legend>
          <div className="nhsuk-grid-row">
            <div className="nhsuk-grid-column-one-half">
              <TextField name="q" label="Name or email address" type="search" spellCheck={false} />
            </div>
            <div className="nhsuk-grid-column-one-half">
              <SelectField
                name="organisationId"
                label="Organisation"
                placeholder="Any organisation"
                options={organisations.map((o) => ({ value: o.id, label: o.name }))}
              />
            </div>
          </div>
          <div className="nhsuk-grid-row">
            <div className="nhsuk-grid-column-one-half">
              <SelectField name="role" label="Role" placeholder="Any role" options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))} />
            </div>
            <div className="nhsuk-grid-column-one-half">
              <SelectField
                name="status"
                label="Status"
                placeholder="Any status"
                options={USER_STATUSES.map((s) => ({ value: s, label: PERSON_STATUS_LABELS[s] }))}
              />
            </div>
          </div>
        </fieldset>
        <div className="app-button-row">
          <SubmitButton secondary busyText="Searching…">
            Search
          </SubmitButton>
          {filtered ? (
            <p>
              <Link to="/admin/people">Clear search and filters</Link>
            </p>
          ) : null}
        </div>
      </ValidatedForm>

      {!filter.ok ? (
        <p>Correct the search to see people.</p>
      ) : people.length === 0 ? (
        <p>{filtered ? "No one matches this search." : "No one has been invited yet."}</p>
      ) : (
        <TableWrap label="People">
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption">
              {filtered ? `People matching the search (${people.length}${truncated ? "+" : ""})` : `Everyone (${people.length}${truncated ? "+" : ""})`}
            </caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">
                  Name
                </th>
                <th scope="col" className="nhsuk-table__header">
                  Email address
                </th>
                <th scope="col" className="nhsuk-table__header">
                  Organisation
                </th>
                <th scope="col" className="nhsuk-table__header">
                  Roles
                </th>
                <th scope="col" className="nhsuk-table__header">
                  Status
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {people.map((p) => (
                <tr className="nhsuk-table__row" key={p.id}>
                  <td className="nhsuk-table__cell">
                    <Link to={`/admin/people/${p.id}`}>
                      {p.name}
                      <span className="nhsuk-u-visually-hidden">{p.status === "erased" ? ": view" : ": view and change"}</span>
                    </Link>
                  </td>
                  <td className="nhsuk-table__cell app-break-word">{p.status === "erased" ? "Erased" : p.email}</td>
                  <td className="nhsuk-table__cell">{p.organisationName ?? "Not set"}</td>
                  <td className="nhsuk-table__cell">{p.roles.map((r) => ROLE_LABELS[r]).join(", ") || "None"}</td>
                  <td className="nhsuk-table__cell">
                    <PersonStatusTag status={p.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      {truncated ? <p>Only the first {people.length} are shown. Search or filter to find someone else.</p> : null}
    </>
  );
}
