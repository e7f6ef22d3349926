import { z } from "zod";
import { PROFESSIONS, ROLES, SETTINGS } from "~db/enums";
import { checkboxes, emailField, optionalText, requiredText } from "~/utils/forms";

const id = (what: string) => z.string({ error: `Select ${what}` }).trim().min(1, `Select ${what}`).max(64);
const isoDate = (label: string) =>
  z
    .string({ error: `Enter the ${label}` })
    .trim()
    .min(1, `Enter the ${label}`)
    .regex(/^\d{4}-\d{2}-\d{2}$/, `Enter the ${label} as a real date`)
    .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), `Enter the ${label} as a real date`);

export const FootprintSchema = z.strictObject({
  name: requiredText("the footprint name", 120),
  regionId: id("a region"),
});

// The ODS code field is named `ods`, not `odsCode`: validateForm never echoes
// fields whose name contains "code" (it treats them as secrets), and the ODS
// code must be kept when the form comes back with an error.
export const OrganisationSchema = z.strictObject({
  name: requiredText("the organisation name", 160),
  ods: optionalText(10, "ODS code must be 10 characters or fewer").pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9]{3,10}$/, "ODS code must be 3 to 10 letters and numbers, like RBQ or Y02626")
      .transform((s) => s.toUpperCase())
      .optional(),
  ),
  setting: z.enum(SETTINGS, { error: "Select the setting" }),
  footprintId: id("a footprint"),
});

/** The organisations list filter (GET): a bad value is ignored, not an error. */
export const OrganisationFilterSchema = z.object({
  footprint: z.string().trim().min(1).max(64).optional().catch(undefined),
  setting: z.enum(SETTINGS).optional().catch(undefined),
});

/** A delete button's form: nothing but the `intent` meta field. */
export const DeleteSchema = z.strictObject({});

export const PersonSchema = z.strictObject({
  name: requiredText("the person's full name", 120),
  email: emailField("their work email address"),
  organisationId: id("an organisation"),
  profession: z.enum(PROFESSIONS, { error: "Select a profession" }),
  roles: checkboxes(z.enum(ROLES, { error: "Select a role from the list" })).pipe(
    z.array(z.enum(ROLES)).min(1, "Select at least one role"),
  ),
});

export const CohortSchema = z
  .strictObject({
    name: requiredText("the cohort name", 120),
    footprintId: id("a footprint"),
    termStart: isoDate("term start date"),
    termEnd: isoDate("term end date"),
    facilitatorId: id("a facilitator"),
    coFacilitatorId: optionalText(64),
  })
  .refine((c) => c.termEnd > c.termStart, {
    path: ["termEnd"],
    message: "The term must end after it starts",
  })
  .refine((c) => !c.coFacilitatorId || c.coFacilitatorId !== c.facilitatorId, {
    path: ["coFacilitatorId"],
    message: "The co-facilitator must be someone other than the facilitator",
  });

export const AddMemberSchema = z.strictObject({
  userId: id("a person to add"),
});

export const RemoveMemberSchema = z.strictObject({
  userId: id("a person"),
});

export const CSV_MAX_BYTES = 512 * 1024;

export const ImportCsvSchema = z.strictObject({
  file: z
    .instanceof(File, { error: "Choose a CSV file" })
    .refine((f) => f.size > 0, "The selected file is empty")
    .refine((f) => f.size <= CSV_MAX_BYTES, "The CSV file must be smaller than 512 KB"),
});

export const AuditFilterSchema = z.strictObject({
  action: optionalText(60),
  actor: optionalText(120),
  from: optionalText(10),
  to: optionalText(10),
  page: z.coerce.number().int().min(1).max(10_000).optional(),
});
