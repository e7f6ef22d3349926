import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { SelectField, SubmitButton, TextField, ValidatedForm } from "~/components/form";
import { SETTING_LABELS } from "~/domain/labels";
import { footprintOptions } from "~/models/footprints.server";
import { createOrganisation } from "~/models/organisations.server";
import { OrganisationSchema } from "~/schemas/admin";
import { requireRole } from "~/server/guards.server";
import { fieldError, formError, invalid, readForm } from "~/server/request.server";

export const meta: MetaFunction = () => [{ title: "Add an organisation - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json({ footprints: footprintOptions() });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const result = await readForm(request, OrganisationSchema);
  if (!result.ok) return invalid(result);
  const outcome = createOrganisation(result.data, { actorId: user.id, ip: context.ip });
  if (!outcome.ok) {
    if (outcome.reason === "invalid") return fieldError(outcome.field, outcome.message, result.values);
    return formError("The organisation could not be added. Try again.", result.values, 409);
  }
  return redirect("/admin/organisations?notice=organisation-added");
}

const SETTING_OPTIONS = Object.entries(SETTING_LABELS).map(([value, label]) => ({ value, label }));

export default function NewOrganisation() {
  const { footprints } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <Link className="nhsuk-back-link" to="/admin/organisations">
        Back to organisations
      </Link>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>Add an organisation</h1>
          {footprints.length === 0 ? (
            <div className="nhsuk-inset-text">
              <p>
                Every organisation belongs to a footprint, and there are none yet.{" "}
                <Link to="/admin/footprints#add">Add a footprint</Link> first.
              </p>
            </div>
          ) : null}
          <ValidatedForm schema={OrganisationSchema} result={result}>
            <TextField name="name" label="Organisation name" width={30} />
            <TextField
              name="ods"
              label="ODS code (optional)"
              hint="The Organisation Data Service code, like RBQ for a trust or Y02626 for a practice"
              width={10}
              spellCheck={false}
            />
            <SelectField name="setting" label="Setting" options={SETTING_OPTIONS} />
            <SelectField name="footprintId" label="Footprint" options={footprints.map((f) => ({ value: f.id, label: f.name }))} />
            <SubmitButton>Add organisation</SubmitButton>
          </ValidatedForm>
        </div>
      </div>
    </>
  );
}
