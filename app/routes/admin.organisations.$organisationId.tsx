import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { SelectField, SubmitButton, TextField, ValidatedForm } from "~/components/form";
import { SETTING_LABELS } from "~/domain/labels";
import { footprintOptions } from "~/models/footprints.server";
import { plural } from "~/utils/words";
import { deleteOrganisation, getOrganisation, updateOrganisation } from "~/models/organisations.server";
import { leadCandidates, nominateLead, organisationAssessments, organisationLeadList, removeLead } from "~/models/alignment.server";
import { DeleteSchema, OrganisationSchema } from "~/schemas/admin";
import { z } from "zod";
import { requireRole } from "~/server/guards.server";
import { fieldError, formError, invalid, notFound, readFormData } from "~/server/request.server";
import { validateForm } from "~/utils/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Edit ${data?.organisation.name ?? "organisation"} - CLN Action Learning Sets` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const organisation = getOrganisation(params.organisationId ?? "");
  if (!organisation) throw notFound();
  return json({
    organisation,
    footprints: footprintOptions(),
    leads: organisationLeadList(organisation.id),
    candidates: leadCandidates(),
    assessments: organisationAssessments(organisation.id),
  });
}

// Self-assessment leads: clinical leads or facilitators named to complete the organisation's self-assessment.
const LeadSchema = z.strictObject({ userId: z.string({ error: "Choose a person" }).min(1, "Choose a person") });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const id = params.organisationId ?? "";
  const actor = { actorId: user.id, ip: context.ip };
  // Read once: the body says which button was pressed, then the matching schema checks it.
  const formData = await readFormData(request);
  const intent = formData.get("intent");

  if (intent === "delete") {
    const result = validateForm(DeleteSchema, formData);
    if (!result.ok) return invalid(result);
    const outcome = deleteOrganisation(id, actor);
    if (!outcome.ok) {
      if (outcome.reason === "not_found") throw notFound();
      return formError(outcome.reason === "in_use" ? outcome.message : "The organisation could not be deleted.", result.values, 409);
    }
    return redirect("/admin/organisations?notice=organisation-deleted");
  }
  if (intent === "add-lead" || intent === "remove-lead") {
    const result = validateForm(LeadSchema, formData);
    if (!result.ok) return invalid(result);
    const outcome = intent === "add-lead" ? nominateLead(id, result.data.userId, actor) : removeLead(id, result.data.userId, actor);
    if (!outcome.ok) {
      if (outcome.status === 404 && intent === "add-lead") throw notFound();
      return outcome.field ? fieldError(outcome.field, outcome.message, result.values) : formError(outcome.message, result.values, outcome.status);
    }
    return redirect(`/admin/organisations/${id}?notice=leads-saved`);
  }
  if (intent !== null && intent !== "save") return formError("This form was sent with an unknown action. Reload the page and try again.");

  const result = validateForm(OrganisationSchema, formData);
  if (!result.ok) return invalid(result);
  const outcome = updateOrganisation(id, result.data, actor);
  if (!outcome.ok) {
    if (outcome.reason === "not_found") throw notFound();
    if (outcome.reason === "invalid") return fieldError(outcome.field, outcome.message, result.values);
    return formError(outcome.message, result.values, 409);
  }
  return redirect("/admin/organisations?notice=organisation-saved");
}

const SETTING_OPTIONS = Object.entries(SETTING_LABELS).map(([value, label]) => ({ value, label }));

export default function EditOrganisation() {
  const { organisation, footprints, leads, candidates, assessments } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // Each form shows only its own answer: a refused delete comes back with intent "delete".
  const deleteResult = result?.values?.intent === "delete" ? result : undefined;
  const leadResult = result?.values?.intent === "add-lead" || result?.values?.intent === "remove-lead" ? result : undefined;
  const saveResult = deleteResult || leadResult ? undefined : result;
  return (
    <>
      <Link className="nhsuk-back-link" to="/admin/organisations">
        Back to organisations
      </Link>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>
            <span className="nhsuk-caption-l">
              {organisation.name}
              <span className="nhsuk-u-visually-hidden"> - </span>
            </span>
            Edit organisation
          </h1>
          <p>
            {plural(organisation.people, "person", "people")} {organisation.people === 1 ? "works" : "work"} here.
          </p>
          <ValidatedForm schema={OrganisationSchema} result={saveResult}>
            <TextField name="name" label="Organisation name" defaultValue={organisation.name} width={30} />
            <TextField
              name="ods"
              label="ODS code (optional)"
              hint="The Organisation Data Service code, like RBQ for a trust or Y02626 for a practice"
              defaultValue={organisation.odsCode ?? ""}
              width={10}
              spellCheck={false}
            />
            <SelectField name="setting" label="Setting" options={SETTING_OPTIONS} defaultValue={organisation.setting} />
            <SelectField
              name="footprintId"
              label="Footprint"
              options={footprints.map((f) => ({ value: f.id, label: f.name }))}
              defaultValue={organisation.footprintId}
            />
            <SubmitButton intent="save">Save changes</SubmitButton>
          </ValidatedForm>

          <section aria-labelledby="leads-heading">
            <h2 id="leads-heading">Self-assessment leads</h2>
            <p>
              The clinical leads or facilitators who complete this organisation's self-assessment against the recommendations. <Link to="/admin/alignment">See alignment by footprint</Link>
            </p>
            {leads.length ? (
              <ul className="nhsuk-list">
                {leads.map((l) => (
                  <li key={l.userId}>
                    <ValidatedForm schema={LeadSchema} idPrefix={`lead-${l.userId}-`}>
                      <input type="hidden" name="userId" value={l.userId} />
                      {l.name} ({l.email}){" "}
                      <SubmitButton intent="remove-lead" secondary busyText="Removing…">
                        Remove<span className="nhsuk-u-visually-hidden"> {l.name}</span>
                      </SubmitButton>
                    </ValidatedForm>
                  </li>
                ))}
              </ul>
            ) : (
              <p>No leads named yet.</p>
            )}
            <ValidatedForm schema={LeadSchema} result={leadResult} errorTitle="The lead was not changed">
              <SelectField name="userId" label="Name a self-assessment lead" options={candidates.filter((c) => !leads.some((l) => l.userId === c.id)).map((c) => ({ value: c.id, label: `${c.name} (${c.email})` }))} />
              <SubmitButton intent="add-lead" secondary>
                Name as lead
              </SubmitButton>
            </ValidatedForm>
            {assessments.length ? (
              <>
                <h3>Assessments</h3>
                <ul className="nhsuk-list">
                  {assessments.map((a) => (
                    <li key={a.id}>
                      <Link to={`/alignment/${a.id}`}>{a.label}</Link> ({a.status === "draft" ? "draft" : "submitted"})
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </section>

          <h2>Delete this organisation</h2>
          {/* Always rendered, so a refusal shows here even once the page knows people work here. */}
          <ValidatedForm schema={DeleteSchema} result={deleteResult} errorTitle="The organisation was not deleted">
            {organisation.people > 0 ? (
              <p>
                You cannot delete this organisation while people work here. Move them to another organisation first.
              </p>
            ) : (
              <>
                <p>Deleting an organisation cannot be undone.</p>
                <SubmitButton intent="delete" warning busyText="Deleting…">
                  Delete organisation
                </SubmitButton>
              </>
            )}
          </ValidatedForm>
        </div>
      </div>
    </>
  );
}
