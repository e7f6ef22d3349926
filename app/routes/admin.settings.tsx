/**
 * /admin/settings: the settings a CLN admin can change (how long in-set text
 * is kept, the sharing notice period, ...). Which settings there are, and
 * their ranges and words, come from app/models/settings.server.ts; the loader
 * hands them to the page so the browser checks the form with the same rules.
 */
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useMemo } from "react";
import { z } from "zod";
import { RadiosField, SubmitButton, SuccessBanner, TextField, ValidatedForm } from "~/components/form";
import { getSettings, SETTING_DEFINITIONS, SETTING_KEYS, updateSettings, type Settings } from "~/models/settings.server";
import { requireRole } from "~/server/guards.server";
import { invalid, readFormData } from "~/server/request.server";
import { validateForm } from "~/utils/forms";

type Field = { key: string; label: string; hint: string; unit: string; default: number; min: number; max: number; choices?: readonly string[] };

/** One whole-number field per setting, within its range. */
function settingsSchema(fields: Field[]) {
  return z.strictObject(
    Object.fromEntries(
      fields.map((f) => {
        const range = f.choices ? `Choose one of the options` : `Enter a whole number of ${f.unit} from ${f.min} to ${f.max.toLocaleString("en-GB")}`;
        return [
          f.key,
          z
            .string({ error: f.choices ? "Choose one of the options" : `Enter the number of ${f.unit}` })
            .trim()
            .min(1, f.choices ? "Choose one of the options" : `Enter the number of ${f.unit}`)
            .regex(/^\d{1,6}$/, range)
            .transform(Number)
            .pipe(z.number().int().min(f.min, range).max(f.max, range)),
        ];
      }),
    ),
  );
}

/** Server side only: the definitions reach the browser through the loader. */
const serverFields = (): Field[] => SETTING_KEYS.map((key) => ({ key, ...SETTING_DEFINITIONS[key] }));

export const meta: MetaFunction = () => [{ title: "Settings - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json({ fields: serverFields(), settings: getSettings() as Record<string, number> });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const result = validateForm(settingsSchema(serverFields()), await readFormData(request));
  if (!result.ok) return invalid(result);
  const outcome = updateSettings(result.data as Partial<Settings>, { id: admin.id, name: admin.name, ip: context.ip });
  if (!outcome.ok) {
    return json({ ok: false as const, errors: outcome.errors as Record<string, string>, formError: undefined, values: result.values }, { status: 400 });
  }
  return redirect(`/admin/settings?notice=${outcome.changed.length ? "saved" : "unchanged"}`);
}

export default function AdminSettings() {
  const { fields, settings } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const schema = useMemo(() => settingsSchema(fields), [fields]);
  const notice = params.get("notice");
  return (
    <>
      {notice === "saved" && !result ? <SuccessBanner>Settings saved. They apply from now on.</SuccessBanner> : null}
      {notice === "unchanged" && !result ? <SuccessBanner>Nothing was changed.</SuccessBanner> : null}
      <h1>Settings</h1>
      <p>
        These apply to the whole programme. Every change is recorded in the audit log with the old and new values.
      </p>
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <ValidatedForm schema={schema} result={result} action="/admin/settings">
            {fields.map((f) =>
              f.choices ? (
                <RadiosField
                  key={f.key}
                  name={f.key}
                  legend={f.label}
                  hint={`${f.hint} The default is "${f.choices[f.default - f.min]}".`}
                  options={f.choices.map((label, i) => ({ value: String(f.min + i), label }))}
                  defaultValue={String(settings[f.key] ?? f.default)}
                />
              ) : (
                <TextField
                  key={f.key}
                  name={f.key}
                  label={f.label}
                  hint={`${f.hint} Between ${f.min} and ${f.max.toLocaleString("en-GB")} ${f.unit}; the default is ${f.default}.`}
                  defaultValue={String(settings[f.key] ?? f.default)}
                  inputMode="numeric"
                  width={4}
                  spellCheck={false}
                />
              ),
            )}
            <SubmitButton>Save settings</SubmitButton>
          </ValidatedForm>
        </div>
      </div>
    </>
  );
}
