import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { auditLogPage } from "~/models/people.server";
import { AuditFilterSchema } from "~/schemas/admin";
import { SelectField, SubmitButton, TextField, ValidatedForm } from "~/components/form";
import { requireRole } from "~/server/guards.server";
import { formatInstant } from "~/utils/dates";
import { validateForm } from "~/utils/forms";
import { TableWrap } from "~/components/table-wrap";

const isRealDate = (s: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

/** The shared filter, plus: dates must be real dates, and "from" must not be after "to". */
const AuditFilter = AuditFilterSchema.superRefine((f, ctx) => {
  if (f.from && !isRealDate(f.from)) ctx.addIssue({ code: "custom", path: ["from"], message: "Enter the from date as a real date, like 2026-03-01" });
  if (f.to && !isRealDate(f.to)) ctx.addIssue({ code: "custom", path: ["to"], message: "Enter the to date as a real date, like 2026-03-31" });
  if (f.from && f.to && isRealDate(f.from) && isRealDate(f.to) && f.from > f.to) {
    ctx.addIssue({ code: "custom", path: ["to"], message: "The to date must be the same as or after the from date" });
  }
});

/** What each recorded action means, in words; actions not listed here are shown by their code. */
const ACTION_LABELS: Record<string, string> = {
  sign_in: "Signed in",
  sign_in_failed: "Sign-in failed",
  sign_in_limited: "Sign-in blocked (too many attempts)",
  sign_out: "Signed out",
  two_factor_passed: "Two-factor code accepted",
  two_factor_failed: "Two-factor code refused",
  two_factor_enrolled: "Two-factor sign-in set up",
  password_reset_requested: "Password reset requested",
  password_reset_requested_unknown: "Password reset requested for an unknown address",
  password_reset: "Password reset",
  person_invited: "Person invited",
  invitation_resent: "Invitation resent",
  invitation_accepted: "Invitation accepted",
  person_updated: "Person's details changed",
  role_added: "Role added",
  role_removed: "Role removed",
  person_deactivated: "Person deactivated",
  person_reactivated: "Person reactivated",
  membership_added: "Added to a cohort",
  membership_removed: "Removed from a cohort",
  person_erased: "Person's data erased",
  settings_updated: "Settings changed",
  data_exported: "Person downloaded their data",
  retention_deleted: "In-set text deleted after the retention period",
  email_retried: "Email queued to be sent again",
  actions_exported: "Person exported their actions",
  sharing_decided: "Facilitator decided whether to share an item",
  sharing_agreed_by_owner: "Owner agreed to share an item",
  sharing_withdrawn_by_owner: "Owner withdrew an item from sharing",
  items_shared_after_notice: "Items shared after the notice period",
  database_backed_up: "Database backed up",
  database_restored: "Database restored from a backup",
};

const actionLabel = (action: string) => ACTION_LABELS[action] ?? action;

export const meta: MetaFunction = () => [{ title: "Audit log - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const url = new URL(request.url);
  const query = new FormData();
  for (const [key, value] of url.searchParams) query.append(key, value);
  const filter = validateForm(AuditFilter, query);
  const log = filter.ok ? auditLogPage(filter.data) : null;
  const known = new Set([...Object.keys(ACTION_LABELS), ...(log?.actions ?? [])]);
  const actions = [...known].map((value) => ({ value, label: actionLabel(value) })).sort((a, b) => a.label.localeCompare(b.label));
  const pageLink = (page: number) => {
    const params = new URLSearchParams(url.searchParams);
    params.delete("page");
    if (page > 1) params.set("page", String(page));
    const search = params.toString();
    return search ? `/admin/audit?${search}` : "/admin/audit";
  };
  return json({
    filter,
    actions,
    rows: (log?.rows ?? []).map((r) => ({ ...r, when: formatInstant(r.at), what: actionLabel(r.action) })),
    page: log?.page ?? 1,
    previous: log && log.page > 1 ? pageLink(log.page - 1) : null,
    next: log?.hasMore ? pageLink(log.page + 1) : null,
    filtered: filter.ok && Object.values(filter.data).some((v) => v !== undefined),
  });
}

export default function AuditLog() {
  const { filter, actions, rows, page, previous, next, filtered } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Audit log</h1>
      <p>
        Who did what, and when: sign-ins, invitations, role and status changes, and cohort membership changes. Times are UK
        time. Dates in the filter are whole days.
      </p>

      <ValidatedForm schema={AuditFilter} result={filter} method="get" errorTitle="There is a problem with the filters">
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
            <h2 className="nhsuk-fieldset__heading">Filter the log</h2>
          </legend>
          <div className="nhsuk-grid-row">
            <div className="nhsuk-grid-column-one-half">
              <SelectField name="action" label="What happened" placeholder="Any action" options={actions} />
            </div>
            <div className="nhsuk-grid-column-one-half">
              <TextField name="actor" label="Who did it (name or email address)" type="search" spellCheck={false} />
            </div>
          </div>
          <div className="nhsuk-grid-row">
            <div className="nhsuk-grid-column-one-half">
              <TextField name="from" label="From date" type="date" />
            </div>
            <div className="nhsuk-grid-column-one-half">
              <TextField name="to" label="To date" type="date" />
            </div>
          </div>
        </fieldset>
        <div className="app-button-row">
          <SubmitButton secondary busyText="Filtering…">
            Apply filters
          </SubmitButton>
          {filtered ? (
            <p>
              <Link to="/admin/audit">Clear filters</Link>
            </p>
          ) : null}
        </div>
      </ValidatedForm>

      {!filter.ok ? (
        <p>Correct the filters to see the log.</p>
      ) : rows.length === 0 ? (
        <p>{filtered ? "Nothing in the log matches these filters." : "Nothing has been recorded yet."}</p>
      ) : (
        <TableWrap label="Audit log entries">
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption">
              Audit log entries, newest first{page > 1 ? ` (page ${page})` : ""}
            </caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">
                  When
                </th>
                <th scope="col" className="nhsuk-table__header">
                  Who
                </th>
                <th scope="col" className="nhsuk-table__header">
                  What
                </th>
                <th scope="col" className="nhsuk-table__header">
                  Target
                </th>
                <th scope="col" className="nhsuk-table__header">
                  Detail
                </th>
                <th scope="col" className="nhsuk-table__header">
                  IP address
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {rows.map((r) => (
                <tr className="nhsuk-table__row" key={r.id}>
                  <td className="nhsuk-table__cell app-nowrap">{r.when}</td>
                  <td className="nhsuk-table__cell app-break-word">
                    {r.actorName ? (
                      <>
                        {r.actorName}
                        <br />
                        <span className="nhsuk-body-s">{r.actorEmail}</span>
                      </>
                    ) : (
                      "No signed-in person"
                    )}
                  </td>
                  <td className="nhsuk-table__cell">{r.what}</td>
                  <td className="nhsuk-table__cell">
                    {r.targetType === "user" && r.targetId && r.targetName ? (
                      <Link to={`/admin/people/${r.targetId}`}>
                        {r.targetName}
                        <span className="nhsuk-u-visually-hidden"> (view this person)</span>
                      </Link>
                    ) : r.targetType ? (
                      `${r.targetType} ${r.targetId ?? ""}`
                    ) : (
                      "None"
                    )}
                  </td>
                  <td className="nhsuk-table__cell">
                    {/* Rendered as text, never as HTML. */}
                    {r.detail ? <code className="app-audit-detail">{r.detail}</code> : "None"}
                  </td>
                  <td className="nhsuk-table__cell app-nowrap">{r.ip ?? "Not known"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}

      {previous || next ? (
        <nav className="nhsuk-pagination" role="navigation" aria-label="Audit log pages">
          <ul className="nhsuk-list nhsuk-pagination__list">
            {previous ? (
              <li className="nhsuk-pagination-item--previous">
                <Link className="nhsuk-pagination__link nhsuk-pagination__link--prev" to={previous} rel="prev">
                  <span className="nhsuk-pagination__title">
                    Previous<span className="nhsuk-u-visually-hidden"> page of the audit log</span>
                  </span>
                  <span className="nhsuk-u-visually-hidden">:</span>
                  <span className="nhsuk-pagination__page">Page {page - 1}</span>
                </Link>
              </li>
            ) : null}
            {next ? (
              <li className="nhsuk-pagination-item--next">
                <Link className="nhsuk-pagination__link nhsuk-pagination__link--next" to={next} rel="next">
                  <span className="nhsuk-pagination__title">
                    Next<span className="nhsuk-u-visually-hidden"> page of the audit log</span>
                  </span>
                  <span className="nhsuk-u-visually-hidden">:</span>
                  <span className="nhsuk-pagination__page">Page {page + 1}</span>
                </Link>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </>
  );
}
