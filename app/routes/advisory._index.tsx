import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { TableWrap } from "~/components/table-wrap";
import { showCount } from "~/domain/disclosure";
import { programmeFigures } from "~/models/overview.server";
import { requireRole } from "~/server/guards.server";

export const meta: MetaFunction = () => [{ title: "Advisory group - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "advisory");
  const figures = programmeFigures();
  // Only disclosure-controlled figures leave the server (trust.md).
  return json({
    footprints: figures.footprints.map((f) => ({ footprint: f.footprint, cohorts: showCount(f.cohorts), leads: showCount(f.leads) })),
    totals: { cohorts: showCount(figures.totals.cohorts), leads: showCount(figures.totals.leads) },
  });
}

export default function AdvisoryHome() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Advisory group</h1>
      <p className="nhsuk-lede-text">How the programme is reaching clinical leads across the footprints.</p>
      <TableWrap label="Cohorts and clinical leads by footprint">
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption">Active cohorts and clinical leads taking part, by footprint</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">Footprint</th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Active cohorts</th>
              <th scope="col" className="nhsuk-table__header nhsuk-table__header--numeric">Clinical leads</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {data.footprints.map((f) => (
              <tr className="nhsuk-table__row" key={f.footprint}>
                <th scope="row" className="nhsuk-table__header">{f.footprint}</th>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{f.cohorts}</td>
                <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{f.leads}</td>
              </tr>
            ))}
            <tr className="nhsuk-table__row">
              <th scope="row" className="nhsuk-table__header">All footprints</th>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{data.totals.cohorts}</td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{data.totals.leads}</td>
            </tr>
          </tbody>
        </table>
      </TableWrap>
      <p className="nhsuk-body-s">
        To protect people's privacy, counts from 1 to 7 are shown as &lt;8 and other counts are rounded to the nearest 5.
        Totals are rounded from the exact figures.
      </p>
    </>
  );
}
