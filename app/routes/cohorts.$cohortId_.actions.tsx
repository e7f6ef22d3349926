import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ActionStatusTag } from "~/components/actions";
import { TableWrap } from "~/components/table-wrap";
import { HISTORY_LABELS } from "~/domain/action-history";
import { cohortActions } from "~/models/actions.server";
import { cohortAccess, cohortRoster } from "~/models/overview.server";
import { forbidden, requireUser } from "~/server/guards.server";
import { formatMeetingDay } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Actions of ${data?.cohort.name ?? "the set"} - CLN Action Learning Sets` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const cohortId = params.cohortId ?? "";
  // In-set content: the set's own people only. Admins manage the cohort but do not read its actions.
  const access = cohortAccess(user.id, cohortId);
  if (!access) throw forbidden();
  const cohort = cohortRoster(cohortId);
  if (!cohort) throw forbidden();
  return json({ access, cohort: { id: cohort.id, name: cohort.name }, me: user.id, actions: cohortActions(cohortId, access) });
}

export default function CohortActions() {
  const { access, cohort, me, actions } = useLoaderData<typeof loader>();
  return (
    <>
      <Link to={`/cohorts/${cohort.id}`} className="nhsuk-back-link">
        Back to {cohort.name}
      </Link>
      <span className="nhsuk-caption-l">{cohort.name}</span>
      <h1>The set's actions</h1>
      <p>
        {access === "facilitator"
          ? "Every action committed in this set, with its owner and everything reported on it, including updates members make between meetings."
          : "The actions committed in this set and what was reported on them at its meetings. They stay in the set."}
      </p>
      {actions.length ? (
        <TableWrap label="The set's actions">
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">The set's actions</caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">
                  Owner
                </th>
                <th scope="col" className="nhsuk-table__header">
                  Action
                </th>
                <th scope="col" className="nhsuk-table__header">
                  Committed
                </th>
                <th scope="col" className="nhsuk-table__header">
                  Status
                </th>
                <th scope="col" className="nhsuk-table__header">
                  Latest
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {actions.map((a) => {
                const latest = a.history.at(-1);
                return (
                  <tr className="nhsuk-table__row" key={a.id}>
                    <td className="nhsuk-table__cell">{a.ownerId === me ? "You" : a.ownerName}</td>
                    <td className="nhsuk-table__cell app-break-anywhere">
                      <Link to={`/actions/${a.id}`}>{a.text}</Link>
                    </td>
                    <td className="nhsuk-table__cell app-nowrap">{formatMeetingDay(a.meetingStartsAt)}</td>
                    <td className="nhsuk-table__cell">
                      <ActionStatusTag status={a.status} />
                    </td>
                    <td className="nhsuk-table__cell">
                      {latest ? `${HISTORY_LABELS[latest.status]}${latest.meetingStartsAt === null ? " (between meetings)" : ""}` : "No report yet"}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <p>No actions have been committed in this set yet.</p>
      )}
    </>
  );
}
