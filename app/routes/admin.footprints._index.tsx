import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { SelectField, SubmitButton, SuccessBanner, TextField, ValidatedForm } from "~/components/form";
import { createFootprint, listFootprints, listRegions } from "~/models/footprints.server";
import { FootprintSchema } from "~/schemas/admin";
import { requireRole } from "~/server/guards.server";
import { fieldError, formError, invalid, readForm } from "~/server/request.server";
import { ListTable } from "~/components/table-wrap";

export const meta: MetaFunction = () => [{ title: "Footprints - CLN Action Learning Sets" }];

/** The only notices this page shows: `?notice=` picks one, it never supplies text. */
const NOTICES: Record<string, string> = {
  "footprint-added": "Footprint added.",
  "footprint-saved": "Footprint saved.",
  "footprint-deleted": "Footprint deleted.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const notice = new URL(request.url).searchParams.get("notice");
  return json({
    footprints: listFootprints(),
    regions: listRegions(),
    notice: notice && Object.hasOwn(NOTICES, notice) ? NOTICES[notice] : null,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "admin");
  const result = await readForm(request, FootprintSchema);
  if (!result.ok) return invalid(result);
  const outcome = createFootprint(result.data, { actorId: user.id, ip: context.ip });
  if (!outcome.ok) {
    if (outcome.reason === "invalid") return fieldError(outcome.field, outcome.message, result.values);
    return formError("The footprint could not be added. Try again.", result.values, 409);
  }
  return redirect("/admin/footprints?notice=footprint-added");
}

export default function Footprints() {
  const { footprints, regions, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  return (
    <>
      <h1>Footprints</h1>
      {notice ? <SuccessBanner>{notice}</SuccessBanner> : null}
      <p>Each footprint is an ICS or STP area within a region. Organisations and cohorts belong to a footprint.</p>
      {footprints.length === 0 ? (
        <p>There are no footprints yet. Add the first one below.</p>
      ) : (
        <ListTable
          caption="Footprints by region"
          columns={[
            "Footprint",
            "Region",
            { label: "Organisations", numeric: true },
            { label: "Cohorts", numeric: true },
            { label: "Actions", visuallyHidden: true },
          ]}
        >
          {footprints.map((f) => (
            <tr className="nhsuk-table__row" key={f.id}>
              <th className="nhsuk-table__header" scope="row">
                {f.name}
              </th>
              <td className="nhsuk-table__cell">{f.regionName}</td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">
                <Link to={`/admin/organisations?${new URLSearchParams({ footprint: f.id })}`}>
                  {f.organisations}
                  <span className="nhsuk-u-visually-hidden"> organisations in {f.name}</span>
                </Link>
              </td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{f.cohorts}</td>
              <td className="nhsuk-table__cell">
                <Link to={`/admin/footprints/${f.id}`}>
                  Edit<span className="nhsuk-u-visually-hidden"> {f.name}</span>
                </Link>
              </td>
            </tr>
          ))}
        </ListTable>
      )}

      <h2 id="add">Add a footprint</h2>
      {regions.length === 0 ? (
        <div className="nhsuk-inset-text">
          <p>No regions have been set up, so a footprint cannot be added yet. Ask the CLN team to add your region.</p>
        </div>
      ) : null}
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          {/* A new location after a successful add clears what was typed. */}
          <ValidatedForm key={location.key} schema={FootprintSchema} result={result} aria-labelledby="add">
            <TextField name="name" label="Footprint name" hint="For example, Cheshire & Merseyside" width={30} />
            <SelectField
              name="regionId"
              label="Region"
              options={regions.map((r) => ({ value: r.id, label: r.name }))}
              defaultValue={regions.length === 1 ? regions[0].id : undefined}
            />
            <SubmitButton>Add footprint</SubmitButton>
          </ValidatedForm>
        </div>
      </div>
    </>
  );
}
