import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TableWrap } from "~/components/table-wrap";
import { PROFESSION_LABELS } from "~/domain/labels";
import { cohortAccess, cohortRoster } from "~/models/overview.server";
import { forbidden, requireUser } from "~/server/guards.server";
import { formatDay } from "~/utils/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.cohort.name ?? "Cohort"} - CLN Action Learning Sets` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const cohortId = params.cohortId ?? "";
  // Same answer for "no such cohort" and "not yours", so ids cannot be probed.
  const access = cohortAccess(user.id, cohortId);
  if (!access) throw forbidden();
  const cohort = cohortRoster(cohortId);
  if (!cohort) throw forbidden();
  return json({ access, cohort });
}

export default function Cohort() {
  const { cohort } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{cohort.name}</h1>
      <p className="nhsuk-lede-text">
        {cohort.footprint}. Programme term {formatDay(cohort.termStart)} to {formatDay(cohort.termEnd)}.
        {cohort.archivedAt ? " This cohort has finished and is archived." : ""}
      </p>
      <h2>Facilitators</h2>
      <ul className="nhsuk-list">
        {cohort.facilitators.map((f) => (
          <li key={f.id}>{f.name}</li>
        ))}
      </ul>
      <h2>Members</h2>
      <TableWrap label={`Members of ${cohort.name}`}>
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Members of {cohort.name}</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">Name</th>
              <th scope="col" className="nhsuk-table__header">Profession</th>
              <th scope="col" className="nhsuk-table__header">Organisation</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {cohort.members.map((m) => (
              <tr className="nhsuk-table__row" key={m.id}>
                <td className="nhsuk-table__cell">{m.name}</td>
                <td className="nhsuk-table__cell">{PROFESSION_LABELS[m.profession]}</td>
                <td className="nhsuk-table__cell">{m.organisation ?? "Not recorded"}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
    </>
  );
}
