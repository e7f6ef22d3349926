import { z } from "zod";
import { SHARE_DECISIONS, SHARE_KINDS } from "~db/enums";
import { OWNER_STATUSES } from "~/domain/action-history";
import { checkboxes, optionalText } from "~/utils/forms";

export const ACTION_LIMITS = { note: 1000, successMeasure: 500, shared: 1000 } as const;

/** An owner's update between meetings. A dropped action needs a reason. */
export const ActionUpdateSchema = z
  .strictObject({
    status: z.enum(OWNER_STATUSES, { error: "Choose how the action is going" }),
    note: optionalText(ACTION_LIMITS.note, `Write ${ACTION_LIMITS.note.toLocaleString("en-GB")} characters or fewer`),
    learned: optionalText(ACTION_LIMITS.note, `Write ${ACTION_LIMITS.note.toLocaleString("en-GB")} characters or fewer`),
    obstacles: optionalText(ACTION_LIMITS.note, `Write ${ACTION_LIMITS.note.toLocaleString("en-GB")} characters or fewer`),
  })
  .superRefine((v, ctx) => {
    if (v.status === "dropped" && !v.note) ctx.addIssue({ code: "custom", path: ["note"], message: "Say why you are dropping this action" });
  });

/** How the owner will know it worked, and by when: both optional. */
export const ActionDetailsSchema = z.strictObject({
  successMeasure: optionalText(ACTION_LIMITS.successMeasure, `Write ${ACTION_LIMITS.successMeasure} characters or fewer`),
  targetDate: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v ? v : undefined))
    .refine((v) => v === undefined || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`))), "Enter the target date as a real date"),
});

/** The facilitator's choice for one item after a meeting. */
export const ShareDecisionSchema = z
  .strictObject({
    kind: z.enum(SHARE_KINDS),
    actionId: z.string().min(1).max(64),
    reportId: optionalText(64),
    decision: z.enum(SHARE_DECISIONS, { error: "Choose whether to share this beyond the set or keep it in the set" }),
    text: optionalText(ACTION_LIMITS.shared, `Write ${ACTION_LIMITS.shared.toLocaleString("en-GB")} characters or fewer`),
    themeIds: checkboxes(z.string().max(64)).pipe(z.array(z.string()).max(30)),
  })
  .superRefine((v, ctx) => {
    if (v.decision === "share" && !v.text) ctx.addIssue({ code: "custom", path: ["text"], message: "Enter the de-identified text to share" });
  });

/** The owner's answer to a proposal to share one of their items. */
export const OwnerShareSchema = z.strictObject({
  proposalId: z.string().min(1).max(64),
  response: z.enum(["agree", "withdraw"]),
});
