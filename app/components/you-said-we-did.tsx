/**
 * "You said, we did": interventions the advisory group put in place for
 * needs that kept coming back across sets, in the footprints these people
 * work in. Shown on clinical leads' home pages, the cohort page and at the
 * next meeting's opening.
 */
export type InPlaceIntervention = { id: string; title: string; description: string; provider: string; link: string | null; themeName: string };

export function YouSaidWeDid({ interventions, headingLevel = 2 }: { interventions: InPlaceIntervention[]; headingLevel?: 2 | 3 }) {
  if (!interventions.length) return null;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className="nhsuk-card nhsuk-card--feature" aria-labelledby="you-said-we-did-heading">
      <div className="nhsuk-card__content nhsuk-card__content--feature">
        <Heading className="nhsuk-card__heading nhsuk-card__heading--feature nhsuk-heading-m" id="you-said-we-did-heading">
          You said, we did
        </Heading>
        <p>Needs that came up again and again in action learning sets led to these, in your area:</p>
        <ul className="nhsuk-list">
          {interventions.map((i) => (
            <li key={i.id} className="app-break-anywhere">
              <strong>{i.title}</strong> ({i.themeName}). {i.description} Provided by {i.provider}.
              {i.link ? (
                <>
                  {" "}
                  <a href={i.link} rel="noopener noreferrer">
                    Find out more<span className="nhsuk-u-visually-hidden"> about {i.title}</span>
                  </a>
                </>
              ) : null}
            </li>
          ))}
        </ul>
      </div>
    </section>
  );
}
