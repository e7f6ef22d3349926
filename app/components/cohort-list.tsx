import { Link } from "@remix-run/react";
import { formatDay } from "~/utils/dates";

export type CohortSummary = {
  id: string;
  name: string;
  footprint: string;
  termStart: string;
  termEnd: string;
  archivedAt: number | null;
};

export function CohortList({ cohorts, empty }: { cohorts: CohortSummary[]; empty: string }) {
  if (cohorts.length === 0) return <p>{empty}</p>;
  return (
    <ul className="nhsuk-grid-row nhsuk-card-group">
      {cohorts.map((c) => (
        <li className="nhsuk-grid-column-one-half nhsuk-card-group__item" key={c.id}>
          <div className="nhsuk-card nhsuk-card--clickable">
            <div className="nhsuk-card__content">
              <h3 className="nhsuk-card__heading nhsuk-heading-m">
                <Link className="nhsuk-card__link" to={`/cohorts/${c.id}`}>
                  {c.name}
                </Link>
              </h3>
              <p className="nhsuk-card__description">
                {c.footprint}. Term {formatDay(c.termStart)} to {formatDay(c.termEnd)}
                {c.archivedAt ? " (archived)" : ""}.
              </p>
            </div>
          </div>
        </li>
      ))}
    </ul>
  );
}
