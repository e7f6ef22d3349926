import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { adminOverview } from "~/models/overview.server";
import { requireRole } from "~/server/guards.server";

export const meta: MetaFunction = () => [{ title: "Administration - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json(adminOverview());
}

export default function AdminHome() {
  const data = useLoaderData<typeof loader>();
  const cards: Array<[string, number, string, string]> = [
    ["Footprints", data.footprints, "/admin/footprints", "ICS/STP areas"],
    ["Organisations", data.organisations, "/admin/organisations", "Trusts, practices and services"],
    ["People", data.people, "/admin/people", `${data.invited} invited, not yet signed up`],
    ["Cohorts", data.cohorts, "/admin/cohorts", `${data.archivedCohorts} archived`],
  ];
  return (
    <>
      <h1>Set up the programme</h1>
      {data.emailsNotSent > 0 ? (
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">
            <span className="nhsuk-u-visually-hidden">Important: </span>
            Emails not sent
          </h2>
          <p>
            {data.emailsNotSent === 1 ? "1 meeting email was" : `${data.emailsNotSent.toLocaleString("en-GB")} meeting emails were`} not
            sent. <Link to="/admin/emails">See which, and send them again</Link>.
          </p>
        </div>
      ) : null}
      <ul className="nhsuk-grid-row nhsuk-card-group">
        {cards.map(([title, count, href, note]) => (
          <li className="nhsuk-grid-column-one-half nhsuk-card-group__item" key={href}>
            <div className="nhsuk-card nhsuk-card--clickable">
              <div className="nhsuk-card__content">
                <h2 className="nhsuk-card__heading nhsuk-heading-m">
                  <Link className="nhsuk-card__link" to={href}>
                    {title}: {count}
                  </Link>
                </h2>
                <p className="nhsuk-card__description">{note}</p>
              </div>
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
