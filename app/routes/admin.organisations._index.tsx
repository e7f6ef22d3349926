import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { SelectField, SuccessBanner } from "~/components/form";
import { SETTING_LABELS } from "~/domain/labels";
import { footprintOptions } from "~/models/footprints.server";
import { listOrganisations } from "~/models/organisations.server";
import { OrganisationFilterSchema } from "~/schemas/admin";
import { requireRole } from "~/server/guards.server";
import { ListTable } from "~/components/table-wrap";

export const meta: MetaFunction = () => [{ title: "Organisations - CLN Action Learning Sets" }];

/** The only notices this page shows: `?notice=` picks one, it never supplies text. */
const NOTICES: Record<string, string> = {
  "organisation-added": "Organisation added.",
  "organisation-saved": "Organisation saved.",
  "organisation-deleted": "Organisation deleted.",
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const params = new URL(request.url).searchParams;
  const filter = OrganisationFilterSchema.parse({
    footprint: params.get("footprint") || undefined,
    setting: params.get("setting") || undefined,
  });
  const notice = params.get("notice");
  return json({
    organisations: listOrganisations({ footprintId: filter.footprint, setting: filter.setting }),
    footprints: footprintOptions(),
    filter,
    notice: notice && Object.hasOwn(NOTICES, notice) ? NOTICES[notice] : null,
  });
}

export default function Organisations() {
  const { organisations, footprints, filter, notice } = useLoaderData<typeof loader>();
  const location = useLocation();
  const filtered = Boolean(filter.footprint || filter.setting);
  const footprintName = footprints.find((f) => f.id === filter.footprint)?.name;
  const caption = [
    `${organisations.length} ${organisations.length === 1 ? "organisation" : "organisations"}`,
    footprintName ? `in ${footprintName}` : null,
    filter.setting ? `(${SETTING_LABELS[filter.setting]})` : null,
  ]
    .filter(Boolean)
    .join(" ");
  return (
    <>
      <h1>Organisations</h1>
      {notice ? <SuccessBanner>{notice}</SuccessBanner> : null}
      <p>The trusts, practices and services people work for. Each belongs to one footprint.</p>
      <Link className="nhsuk-button" to="/admin/organisations/new" draggable={false}>
        Add an organisation
      </Link>

      <h2 className="nhsuk-heading-s" id="filter-heading">
        Filter organisations
      </h2>
      {/* Remounted when the address changes, so the selects match the filter in use. */}
      <Form method="get" key={location.search} aria-labelledby="filter-heading" className="app-filter">
        <SelectField
          name="footprint"
          label="Footprint"
          placeholder="All footprints"
          options={footprints.map((f) => ({ value: f.id, label: f.name }))}
          defaultValue={filter.footprint ?? ""}
        />
        <SelectField
          name="setting"
          label="Setting"
          placeholder="All settings"
          options={Object.entries(SETTING_LABELS).map(([value, label]) => ({ value, label }))}
          defaultValue={filter.setting ?? ""}
        />
        <div className="nhsuk-button-group">
          <button type="submit" className="nhsuk-button nhsuk-button--secondary" data-module="nhsuk-button">
            Apply filters
          </button>
          {filtered ? <Link to="/admin/organisations">Clear filters</Link> : null}
        </div>
      </Form>

      {organisations.length === 0 ? (
        <p>{filtered ? "No organisations match these filters." : "There are no organisations yet."}</p>
      ) : (
        <ListTable
          caption={caption}
          columns={["Organisation", "ODS code", "Setting", "Footprint", { label: "People", numeric: true }, { label: "Actions", visuallyHidden: true }]}
        >
          {organisations.map((o) => (
            <tr className="nhsuk-table__row" key={o.id}>
              <th className="nhsuk-table__header" scope="row">
                {o.name}
              </th>
              <td className="nhsuk-table__cell">
                {o.odsCode ?? (
                  <>
                    <span aria-hidden="true">–</span>
                    <span className="nhsuk-u-visually-hidden">None</span>
                  </>
                )}
              </td>
              <td className="nhsuk-table__cell">{SETTING_LABELS[o.setting]}</td>
              <td className="nhsuk-table__cell">{o.footprintName}</td>
              <td className="nhsuk-table__cell nhsuk-table__cell--numeric">{o.people}</td>
              <td className="nhsuk-table__cell">
                <Link to={`/admin/organisations/${o.id}`}>
                  Edit<span className="nhsuk-u-visually-hidden"> {o.name}</span>
                </Link>
              </td>
            </tr>
          ))}
        </ListTable>
      )}
    </>
  );
}
