/**
 * /admin/themes/:themeId: edit one theme of the codebook (name, description,
 * area, retired). Its id never changes. Admins only; the model refuses a
 * name another theme has, beside the field, and audits what changed.
 */
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { THEME_AREAS } from "~db/enums";
import { THEME_AREA_LABELS } from "~/components/advisory";
import { CheckboxesField, SelectField, SubmitButton, TextareaField, TextField, ValidatedForm } from "~/components/form";
import { findTheme, updateTheme } from "~/models/themes.server";
import { requireRole } from "~/server/guards.server";
import { fieldError, formError, invalid, notFound, readForm } from "~/server/request.server";
import { requiredText } from "~/utils/forms";

const ThemeSchema = z.strictObject({
  name: requiredText("the theme name", 80),
  description: requiredText("a description", 500),
  area: z.enum(THEME_AREAS, { error: "Choose the area of the framework" }),
  retired: z
    .literal("yes", { error: "Tick the box or leave it empty" })
    .optional()
    .transform((v) => v === "yes"),
});

const AREA_OPTIONS = THEME_AREAS.map((a) => ({ value: a, label: THEME_AREA_LABELS[a] }));

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Edit ${data?.theme.name ?? "theme"} - CLN Action Learning Sets` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const theme = findTheme(params.themeId ?? "");
  if (!theme) throw notFound();
  return json({ theme });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const id = params.themeId ?? "";
  if (!findTheme(id)) throw notFound();
  const result = await readForm(request, ThemeSchema);
  if (!result.ok) return invalid(result);
  const outcome = updateTheme(id, result.data, { id: admin.id, ip: context.ip });
  if (!outcome.ok) return outcome.field === "form" ? formError(outcome.message, result.values) : fieldError(outcome.field, outcome.message, result.values);
  return redirect(`/admin/themes?${new URLSearchParams({ notice: "saved", theme: id })}`);
}

export default function EditTheme() {
  const { theme } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <Link className="nhsuk-back-link" to="/admin/themes">
        Back to themes
      </Link>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>
            <span className="nhsuk-caption-l">
              {theme.name}
              <span className="nhsuk-u-visually-hidden"> - </span>
            </span>
            Edit theme
          </h1>
          <p>
            Its id is <code>{theme.id}</code>. The id never changes, so exports and the gap register keep pointing at this theme.
          </p>
          <ValidatedForm schema={ThemeSchema} result={result}>
            <TextField name="name" label="Name" hint="Up to 80 characters." defaultValue={theme.name} width={30} />
            <TextareaField name="description" label="Description" hint="What it covers, in the words people use. Up to 500 characters." defaultValue={theme.description} rows={4} />
            <SelectField name="area" label="Area of the Call to Action framework" options={AREA_OPTIONS} defaultValue={theme.area} placeholder={null} />
            <CheckboxesField
              name="retired"
              legend="Retire this theme"
              hint="A retired theme is no longer suggested when items are shared, and is not flagged as a gap. What was tagged with it stays."
              options={[{ value: "yes", label: "Retired" }]}
              defaultValue={theme.retiredAt ? ["yes"] : []}
            />
            <SubmitButton>Save changes</SubmitButton>
          </ValidatedForm>
        </div>
      </div>
    </>
  );
}
