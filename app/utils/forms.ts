/**
 * One zod schema validates a form in the browser (before it is sent) and on
 * the server (always). Both sides use `validateForm`, which turns FormData into
 * a plain object, parses it with the schema, and on failure returns a message
 * per field plus what was typed, so the page can show the NHS.UK error summary
 * and keep the person's input.
 */
import { z } from "zod";

export type FieldErrors = Record<string, string>;
export type FormValues = Record<string, string | string[]>;

export type FormFailure = {
  ok: false;
  errors: FieldErrors;
  /** Errors not tied to one field, shown at the top of the error summary. */
  formError?: string;
  values: FormValues;
};
export type FormResult<T> = { ok: true; data: T; values: FormValues } | FormFailure;

/** Field names used for wiring, not data: never validated, never stored. */
const META_FIELDS = new Set(["intent"]);
const SECRET_FIELD = /password|^code$|totp|token/i;

export function formDataToValues(formData: FormData): FormValues {
  // No prototype, so a field called __proto__ is just an unknown key (refused), never a prototype.
  const values: FormValues = Object.create(null);
  for (const [key, raw] of formData.entries()) {
    if (typeof raw !== "string") continue;
    const existing = values[key];
    if (existing === undefined) values[key] = raw;
    else values[key] = Array.isArray(existing) ? [...existing, raw] : [existing, raw];
  }
  return values;
}

export function validateForm<S extends z.ZodType>(
  schema: S,
  formData: FormData,
): FormResult<z.output<S>> {
  const values = formDataToValues(formData);
  const input: Record<string, unknown> = Object.create(null);
  for (const [key, value] of Object.entries(values)) {
    if (!META_FIELDS.has(key)) input[key] = value;
  }
  // Files are validated by the schema too (as File objects), never echoed back.
  for (const [key, raw] of formData.entries()) {
    if (typeof raw !== "string") input[key] = raw;
  }
  const result = schema.safeParse(input);
  // Secrets are never sent back to the page, even to refill a form.
  for (const key of Object.keys(values)) if (SECRET_FIELD.test(key)) delete values[key];
  if (result.success) return { ok: true, data: result.data, values };
  const errors: FieldErrors = {};
  let formError: string | undefined;
  for (const issue of result.error.issues) {
    if (issue.code === "unrecognized_keys") {
      formError = `This form was sent with a field it does not have (${issue.keys.join(", ")}). Reload the page and try again.`;
      continue;
    }
    const field = issue.path.map(String).join(".");
    if (!field) {
      formError ??= issue.message;
      continue;
    }
    errors[field] ??= issue.message;
  }
  return { ok: false, errors, formError, values };
}

/** Form inputs are strings; an empty optional one means "not given". */
export const optionalText = (max: number, message?: string) =>
  z
    .string()
    .trim()
    .max(max, message ?? `Enter ${max} characters or fewer`)
    .optional()
    .transform((v) => (v ? v : undefined));

export const requiredText = (label: string, max: number) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `${capitalise(label)} must be ${max} characters or fewer`);

/** Checkbox groups send nothing, one value or many. */
export function checkboxes<T extends z.ZodType>(item: T) {
  return z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(item),
  );
}

export function emailField(label = "an email address") {
  return z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(254, "Email address must be 254 characters or fewer")
    .pipe(z.email("Enter an email address in the correct format, like name@nhs.net"));
}

export function capitalise(s: string) {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
