/**
 * /admin/themes: the codebook. Every theme with its id (never changed:
 * exports and the register refer to it), name, area, description and
 * whether it is retired; an "Add a theme" form (the id is made from the name);
 * and, as a help for adding themes, candidate themes from shared items that
 * carry no theme in the last 12 months (only when at least 8 people
 * contributed, and with counts through the disclosure rule).
 */
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import { THEME_AREAS } from "~db/enums";
import { CandidateThemesTable, currentMonth, periodLabel, THEME_AREA_LABELS } from "~/components/advisory";
import { SelectField, SubmitButton, SuccessBanner, TextareaField, TextField, ValidatedForm } from "~/components/form";
import { ListTable } from "~/components/table-wrap";
import { windowStart } from "~/domain/gaps";
import { emergentCandidates, enoughContributors } from "~/models/advisory.server";
import { addTheme, listThemes } from "~/models/themes.server";
import { requireRole } from "~/server/guards.server";
import { fieldError, invalid, readForm } from "~/server/request.server";
import { requiredText } from "~/utils/forms";

const NewThemeSchema = z.strictObject({
  name: requiredText("the theme name", 80),
  description: requiredText("a description", 500),
  area: z.enum(THEME_AREAS, { error: "Choose the area of the framework" }),
});

const AREA_OPTIONS = THEME_AREAS.map((a) => ({ value: a, label: THEME_AREA_LABELS[a] }));

export const meta: MetaFunction = () => [{ title: "Themes - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const params = new URL(request.url).searchParams;
  const themes = listThemes();
  const to = currentMonth(Date.now());
  const period = { from: windowStart(to, 12), to, footprintId: null };
  // Candidates only when the whole scope passes the disclosure rule; only the yes/no leaves the overview.
  const candidates = enoughContributors(period) ? emergentCandidates(period) : null;
  const added = params.get("notice") === "added" ? themes.find((t) => t.id === params.get("theme")) : undefined;
  const saved = params.get("notice") === "saved" ? themes.find((t) => t.id === params.get("theme")) : undefined;
  return json({
    themes,
    candidates,
    period,
    added: added ? { id: added.id, name: added.name } : null,
    saved: saved ? { id: saved.id, name: saved.name } : null,
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const result = await readForm(request, NewThemeSchema);
  if (!result.ok) return invalid(result);
  const outcome = addTheme(result.data, { id: admin.id, ip: context.ip });
  if (!outcome.ok) return fieldError(outcome.field, outcome.message, result.values);
  return redirect(`/admin/themes?${new URLSearchParams({ notice: "added", theme: outcome.id })}`);
}

export default function Themes() {
  const { themes, candidates, period, added, saved } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const location = useLocation();
  return (
    <>
      {added && !result ? (
        <SuccessBanner>
          Theme "{added.name}" added. Its id is <code>{added.id}</code>; the id never changes.
        </SuccessBanner>
      ) : null}
      {saved && !result ? <SuccessBanner>Theme "{saved.name}" saved.</SuccessBanner> : null}
      <h1>Themes</h1>
      <p>
        The codebook that items shared from sets are tagged with. You can change a theme's name, description and area, retire it (it is no longer suggested or
        flagged, and what was tagged with it stays) and add themes. A theme's id never changes: exports and the gap register refer to it.
      </p>
      <ListTable caption="The codebook" columns={["Theme", "Id", "Area", "Description", "Status", { label: "Actions", visuallyHidden: true }]}>
        {themes.map((t) => (
          <tr className="nhsuk-table__row" key={t.id}>
            <th scope="row" className="nhsuk-table__header">
              {t.name}
            </th>
            <td className="nhsuk-table__cell app-break-anywhere">
              <code>{t.id}</code>
            </td>
            <td className="nhsuk-table__cell">{THEME_AREA_LABELS[t.area]}</td>
            <td className="nhsuk-table__cell app-break-anywhere">{t.description}</td>
            <td className="nhsuk-table__cell">
              <strong className={`nhsuk-tag ${t.retiredAt ? "nhsuk-tag--grey" : "nhsuk-tag--green"}`}>{t.retiredAt ? "Retired" : "Active"}</strong>
            </td>
            <td className="nhsuk-table__cell">
              <Link to={`/admin/themes/${t.id}`}>
                Edit<span className="nhsuk-u-visually-hidden"> {t.name}</span>
              </Link>
            </td>
          </tr>
        ))}
      </ListTable>

      <h2 id="candidates-heading">Possible new themes</h2>
      {candidates === null ? (
        <p>Not enough data: fewer than 8 people shared items in {periodLabel(period.from, period.to)}, so no candidates are shown.</p>
      ) : candidates.length ? (
        <>
          <p>
            Shared items from {periodLabel(period.from, period.to)} that carry no theme, grouped by the words they have in common. A group that keeps coming
            back may be worth adding as a theme.
          </p>
          <CandidateThemesTable candidates={candidates} caption="Groups of shared items with no theme" />
        </>
      ) : (
        <p>No possible new themes in {periodLabel(period.from, period.to)}: no group of at least 8 shared items without a theme was found.</p>
      )}

      <h2 id="add-heading">Add a theme</h2>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          {/* A new location after a successful add clears what was typed. */}
          <ValidatedForm key={location.key} schema={NewThemeSchema} result={result} aria-labelledby="add-heading">
            <TextField name="name" label="Name" hint="Up to 80 characters. The theme's id is made from it and never changes." width={30} />
            <TextareaField name="description" label="Description" hint="What it covers, in the words people use. Up to 500 characters." rows={4} />
            <SelectField name="area" label="Area of the Call to Action framework" options={AREA_OPTIONS} placeholder="Choose an area" />
            <SubmitButton>Add theme</SubmitButton>
          </ValidatedForm>
        </div>
      </div>
    </>
  );
}
