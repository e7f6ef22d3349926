import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Tag } from "nhsuk-react-components";
import { listCohorts } from "~/models/cohorts.server";
import { requireRole } from "~/server/guards.server";
import { formatDay } from "~/utils/dates";
import { TableWrap } from "~/components/table-wrap";

export const meta: MetaFunction = () => [{ title: "Cohorts - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json({ cohorts: listCohorts() });
}

export default function Cohorts() {
  const { cohorts } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Cohorts</h1>
      <p>A cohort is one action learning set: 4 to 8 clinical leads from one footprint, with a facilitator, meeting monthly for a programme term.</p>
      <p>
        <Link className="nhsuk-button" to="/admin/cohorts/new">
          Create a cohort
        </Link>
      </p>
      {cohorts.length === 0 ? (
        <p>There are no cohorts yet.</p>
      ) : (
        <TableWrap label="All cohorts">
          <table className="nhsuk-table">
            <caption className="nhsuk-table__caption nhsuk-table__caption--m">All cohorts</caption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col" className="nhsuk-table__header">Cohort</th>
                <th scope="col" className="nhsuk-table__header">Footprint</th>
                <th scope="col" className="nhsuk-table__header">Term</th>
                <th scope="col" className="nhsuk-table__header">Facilitator</th>
                <th scope="col" className="nhsuk-table__header">Members</th>
                <th scope="col" className="nhsuk-table__header">Status</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {cohorts.map((c) => (
                <tr className="nhsuk-table__row" key={c.id}>
                  <td className="nhsuk-table__cell">
                    <Link to={`/admin/cohorts/${c.id}`}>
                      {c.name}
                      <span className="nhsuk-u-visually-hidden"> (view and manage)</span>
                    </Link>
                  </td>
                  <td className="nhsuk-table__cell">{c.footprint}</td>
                  <td className="nhsuk-table__cell">
                    <span className="app-nowrap">{formatDay(c.termStart)}</span> to <span className="app-nowrap">{formatDay(c.termEnd)}</span>
                  </td>
                  <td className="nhsuk-table__cell">
                    {c.facilitator}
                    {c.coFacilitator ? (
                      <>
                        <br />
                        with {c.coFacilitator}
                      </>
                    ) : null}
                  </td>
                  <td className="nhsuk-table__cell">{c.members}</td>
                  <td className="nhsuk-table__cell">
                    {c.archivedAt === null ? <Tag modifier="green">Active</Tag> : <Tag modifier="grey">Archived</Tag>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </>
  );
}
