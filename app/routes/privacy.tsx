import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Privacy - CLN Action Learning Sets" }];

export default function Privacy() {
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Privacy</h1>
        <p>
          Action learning sets are confidential. What is said and written in a set stays in the set: only its members
          and facilitators can see it. CLN admins set up people and cohorts but cannot read what is written in a set.
        </p>
        <p>
          Nothing leaves a set unless it has been de-identified first and approved by the facilitator and the person
          who wrote it. Figures shown outside a set are rounded, and small numbers are hidden, so that no one can be
          picked out.
        </p>
        <p>
          We keep a record of sign-ins and of changes to people and cohorts, so that we can keep the service secure.
          That record never holds passwords or anything written in a set.
        </p>
      </div>
    </div>
  );
}
