import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { SelectField, SubmitButton, TextField, ValidatedForm } from "~/components/form";
import { cohortFormOptions, createCohort } from "~/models/cohorts.server";
import { CohortSchema } from "~/schemas/admin";
import { requireRole } from "~/server/guards.server";
import { invalid, notFound, readForm } from "~/server/request.server";

export const meta: MetaFunction = () => [{ title: "Create a cohort - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json(cohortFormOptions());
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const result = await readForm(request, CohortSchema);
  if (!result.ok) return invalid(result);
  const outcome = createCohort(result.data, { id: user.id, name: user.name, ip: context.ip });
  if (!outcome.ok) {
    return json({ ok: false as const, errors: outcome.errors, formError: outcome.formError, values: result.values }, { status: outcome.status });
  }
  return redirect(`/admin/cohorts/${outcome.id}?notice=created`);
}

export default function NewCohort() {
  const options = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Link className="nhsuk-back-link" to="/admin/cohorts">
          Back to cohorts
        </Link>
        <h1>Create a cohort</h1>
        {options.facilitators.length === 0 || options.footprints.length === 0 ? (
          <div className="nhsuk-inset-text">
            <p>
              A cohort needs a footprint and a facilitator. First add{" "}
              {options.footprints.length === 0 ? <Link to="/admin/footprints">a footprint</Link> : null}
              {options.footprints.length === 0 && options.facilitators.length === 0 ? " and " : null}
              {options.facilitators.length === 0 ? <Link to="/admin/people">a person with the facilitator role</Link> : null}.
            </p>
          </div>
        ) : null}
        <ValidatedForm schema={CohortSchema} result={result}>
          <TextField name="name" label="Cohort name" hint="For example, Greater Manchester Set B" />
          <SelectField name="footprintId" label="Footprint" options={options.footprints} />
          <TextField name="termStart" label="Term start date" type="date" hint="For example, 1 September 2026" />
          <TextField name="termEnd" label="Term end date" type="date" hint="For example, 31 July 2027" />
          <SelectField name="facilitatorId" label="Facilitator" options={options.facilitators} hint="People with the facilitator role" />
          <SelectField
            name="coFacilitatorId"
            label="Co-facilitator (optional)"
            options={options.facilitators}
            placeholder="No co-facilitator"
          />
          <SubmitButton>Create cohort</SubmitButton>
        </ValidatedForm>
      </div>
    </div>
  );
}
