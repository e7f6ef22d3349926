import { json } from "@remix-run/node";
import type { z } from "zod";
import { validateForm, type FormResult } from "~/utils/forms";

/** Reads a posted form once; a body that is not a form is answered 400. */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw json({ ok: false, errors: {}, formError: "The form could not be read. Try again.", values: {} }, { status: 400 });
  }
}

/** Reads and validates a posted form with one schema. */
export async function readForm<S extends z.ZodType>(request: Request, schema: S): Promise<FormResult<z.output<S>>> {
  return validateForm(schema, await readFormData(request));
}

export function notFound() {
  return new Response("Not found", { status: 404, statusText: "Not Found" });
}

/** The answer to a form that did not pass: 400 with the errors and what was typed. */
export function invalid(result: Exclude<FormResult<unknown>, { ok: true }>) {
  return json(
    { ok: false as const, errors: result.errors, formError: result.formError, values: result.values },
    { status: 400 },
  );
}

/** A form-level error (not tied to one field), keeping what was typed. */
export function formError(message: string, values: Record<string, string | string[]> = {}, status = 400) {
  return json({ ok: false as const, errors: {} as Record<string, string>, formError: message, values }, { status });
}

export function fieldError(field: string, message: string, values: Record<string, string | string[]>, status = 400) {
  return json({ ok: false as const, errors: { [field]: message }, formError: undefined, values }, { status });
}

/** Only same-site paths may be redirect targets (no open redirects). */
export function safeRedirect(to: unknown, fallback = "/") {
  if (typeof to !== "string" || !to.startsWith("/") || to.startsWith("//") || to.startsWith("/\\")) return fallback;
  return to;
}
