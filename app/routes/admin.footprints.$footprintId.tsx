import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { SelectField, SubmitButton, TextField, ValidatedForm } from "~/components/form";
import { z } from "zod";
import { deleteFootprint, getFootprint, listRegions, updateFootprint, updateFootprintHub } from "~/models/footprints.server";
import { plural } from "~/utils/words";
import { DeleteSchema, FootprintSchema } from "~/schemas/admin";
import { requireRole } from "~/server/guards.server";
import { fieldError, formError, invalid, notFound, readFormData } from "~/server/request.server";
import { optionalText, validateForm } from "~/utils/forms";

/** The footprint's staff mental health and wellbeing hub: shown only to a person the wellbeing check signposts. */
const HubSchema = z.strictObject({
  hubName: optionalText(120, "Hub name must be 120 characters or fewer"),
  hubPhone: optionalText(40, "Phone number must be 40 characters or fewer").refine(
    (v) => v === undefined || /^[0-9+()\s-]{3,}$/.test(v),
    "Enter a phone number, like 0300 123 4567",
  ),
  hubUrl: optionalText(300, "Web address must be 300 characters or fewer").refine((v) => {
    if (v === undefined) return true;
    try {
      const url = new URL(v);
      return url.protocol === "https:" && v.toLowerCase().startsWith("https://");
    } catch {
      return false;
    }
  }, "Enter a web address starting with https://, like https://example.org/wellbeing-hub"),
  hubHours: optionalText(200, "Opening hours must be 200 characters or fewer"),
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Edit ${data?.footprint.name ?? "footprint"} - CLN Action Learning Sets` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const footprint = getFootprint(params.footprintId ?? "");
  if (!footprint) throw notFound();
  return json({ footprint, regions: listRegions() });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const id = params.footprintId ?? "";
  const actor = { actorId: user.id, ip: context.ip };
  // Read once: the body says which button was pressed, then the matching schema checks it.
  const formData = await readFormData(request);
  const intent = formData.get("intent");

  if (intent === "delete") {
    const result = validateForm(DeleteSchema, formData);
    if (!result.ok) return invalid(result);
    const outcome = deleteFootprint(id, actor);
    if (!outcome.ok) {
      if (outcome.reason === "not_found") throw notFound();
      return formError(outcome.reason === "in_use" ? outcome.message : "The footprint could not be deleted.", result.values, 409);
    }
    return redirect("/admin/footprints?notice=footprint-deleted");
  }
  if (intent === "save-hub") {
    const result = validateForm(HubSchema, formData);
    if (!result.ok) return invalid(result);
    const outcome = updateFootprintHub(id, result.data, actor);
    if (!outcome.ok) throw notFound();
    return redirect("/admin/footprints?notice=footprint-saved");
  }
  if (intent !== null && intent !== "save") return formError("This form was sent with an unknown action. Reload the page and try again.");

  const result = validateForm(FootprintSchema, formData);
  if (!result.ok) return invalid(result);
  const outcome = updateFootprint(id, result.data, actor);
  if (!outcome.ok) {
    if (outcome.reason === "not_found") throw notFound();
    if (outcome.reason === "invalid") return fieldError(outcome.field, outcome.message, result.values);
    return formError(outcome.message, result.values, 409);
  }
  return redirect("/admin/footprints?notice=footprint-saved");
}

export default function EditFootprint() {
  const { footprint, regions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // Each form shows only its own answer: a refused delete comes back with intent "delete".
  const deleteResult = result?.values?.intent === "delete" ? result : undefined;
  const hubResult = result?.values?.intent === "save-hub" ? result : undefined;
  const saveResult = deleteResult || hubResult ? undefined : result;
  const inUse = footprint.organisations + footprint.cohorts > 0;
  return (
    <>
      <Link className="nhsuk-back-link" to="/admin/footprints">
        Back to footprints
      </Link>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>
            <span className="nhsuk-caption-l">
              {footprint.name}
              <span className="nhsuk-u-visually-hidden"> - </span>
            </span>
            Edit footprint
          </h1>
          <p>
            {plural(footprint.organisations, "organisation")} and {plural(footprint.cohorts, "cohort")} belong to this
            footprint.
          </p>
          <ValidatedForm schema={FootprintSchema} result={saveResult}>
            <TextField name="name" label="Footprint name" defaultValue={footprint.name} width={30} />
            <SelectField
              name="regionId"
              label="Region"
              options={regions.map((r) => ({ value: r.id, label: r.name }))}
              defaultValue={footprint.regionId}
            />
            <SubmitButton intent="save">Save changes</SubmitButton>
          </ValidatedForm>

          <h2>Staff mental health and wellbeing hub</h2>
          <p>
            Shown only to a person whose private wellbeing check suggests they may want support, with national support lines.
            Leave a field empty to clear it.
          </p>
          <ValidatedForm schema={HubSchema} result={hubResult} idPrefix="hub-" errorTitle="The hub details were not saved">
            <TextField name="hubName" label="Hub name" defaultValue={footprint.hubName ?? ""} width={30} />
            <TextField name="hubPhone" label="Phone number" type="tel" defaultValue={footprint.hubPhone ?? ""} width={20} />
            <TextField
              name="hubUrl"
              label="Web address"
              hint="Must start with https://"
              type="url"
              defaultValue={footprint.hubUrl ?? ""}
              width={30}
            />
            <TextField name="hubHours" label="Opening hours" hint="For example, Monday to Friday, 9am to 5pm" defaultValue={footprint.hubHours ?? ""} width={30} />
            <SubmitButton intent="save-hub">Save hub details</SubmitButton>
          </ValidatedForm>

          <h2>Delete this footprint</h2>
          {/* Always rendered, so a refusal shows here even once the page knows the footprint is in use. */}
          <ValidatedForm schema={DeleteSchema} result={deleteResult} errorTitle="The footprint was not deleted">
            {inUse ? (
              <p>
                You cannot delete this footprint while organisations or cohorts belong to it. Move them to another
                footprint first.
              </p>
            ) : (
              <>
                <p>Deleting a footprint cannot be undone.</p>
                <SubmitButton intent="delete" warning busyText="Deleting…">
                  Delete footprint
                </SubmitButton>
              </>
            )}
          </ValidatedForm>
        </div>
      </div>
    </>
  );
}
