/**
 * /advisory/gaps/:gapId: one entry of the gap register, for the advisory
 * group. What was flagged and why (figures already through the disclosure
 * rule), its interventions, and three forms: update the entry (status, reason,
 * owner, notes), add an intervention, mark an intervention in place. The
 * model enforces the register's rules and audits every change; a refusal
 * comes back beside its field with what was typed kept. An unknown id gets
 * the same 403 as someone who may not see the register.
 */
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { z } from "zod";
import { GAP_STATUSES } from "~db/enums";
import { evidenceInWords, formatDate, GapStatusTag } from "~/components/advisory";
import { CheckboxesField, RadiosField, SelectField, SubmitButton, SuccessBanner, TextareaField, TextField, ValidatedForm } from "~/components/form";
import { GAP_STATUS_LABELS, GAP_TRANSITIONS } from "~/domain/gaps";
import { footprintOptions } from "~/models/footprints.server";
import { addIntervention, advisoryMembers, gapDetail, markInterventionInPlace, updateGap, type GapOutcome } from "~/models/gaps.server";
import { forbidden, requireRole } from "~/server/guards.server";
import { fieldError, formError, invalid, readFormData } from "~/server/request.server";
import { checkboxes, optionalText, requiredText, validateForm, type FormValues } from "~/utils/forms";

const GapUpdateSchema = z.strictObject({
  status: z.enum(GAP_STATUSES, { error: "Choose a status" }),
  reason: optionalText(1000, "The reason must be 1,000 characters or fewer"),
  ownerId: z
    .string()
    .trim()
    .max(64, "Choose a member of the advisory group")
    .optional()
    .transform((v) => (v ? v : undefined)),
  notes: z.string().trim().max(4000, "Notes must be 4,000 characters or fewer").optional().default(""),
});

const https = z.string().refine((s) => {
  try {
    const url = new URL(s);
    return url.protocol === "https:" && Boolean(url.hostname);
  } catch {
    return false;
  }
}, "Enter a web address that starts with https://, or leave it empty");

const InterventionSchema = z.strictObject({
  title: requiredText("a title", 120),
  description: requiredText("a description", 1000),
  provider: requiredText("who provides it", 200),
  link: optionalText(2000, "The link must be 2,000 characters or fewer").pipe(https.optional()),
  footprintIds: checkboxes(z.string().trim().min(1).max(64)).pipe(z.array(z.string()).min(1, "Choose at least one footprint it covers")),
  inPlace: z
    .literal("yes", { error: "Tick the box or leave it empty" })
    .optional()
    .transform((v) => v === "yes"),
});

const InPlaceSchema = z.strictObject({
  interventionId: z.string({ error: "Choose an intervention" }).trim().min(1, "Choose an intervention").max(64),
});

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.gap.themeName ?? "Gap"} - Gap register - CLN Action Learning Sets` }];

const NOTICES: Record<string, string> = {
  updated: "The entry was updated.",
  "intervention-added": "The intervention was added.",
  "in-place": "The intervention is marked as in place.",
};

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireRole(request, "advisory");
  const gap = gapDetail(params.gapId ?? "");
  if (!gap) throw forbidden();
  const notice = new URL(request.url).searchParams.get("notice");
  return json({
    gap,
    members: advisoryMembers(),
    footprints: footprintOptions(),
    next: GAP_TRANSITIONS[gap.status],
    notice: notice && Object.hasOwn(NOTICES, notice) ? NOTICES[notice] : null,
  });
}

/** A refusal from the model: beside its field, or at the top of the form. */
function refusal(outcome: Extract<GapOutcome, { ok: false }>, values: FormValues) {
  return outcome.field === "form" ? formError(outcome.message, values) : fieldError(outcome.field, outcome.message, values);
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, "advisory");
  const gapId = params.gapId ?? "";
  const gap = gapDetail(gapId);
  if (!gap) throw forbidden();
  const actor = { id: user.id, ip: context.ip };
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const back = (notice: string) => redirect(`/advisory/gaps/${gapId}?notice=${notice}`);

  if (intent === "update") {
    const result = validateForm(GapUpdateSchema, formData);
    if (!result.ok) return invalid(result);
    // The model checks the reason only on a move; saving a closed entry with the reason emptied would erase it.
    const { status, reason } = result.data;
    if (status === gap.status && (status === "closed" || status === "not_a_gap") && !reason) {
      return fieldError("reason", status === "closed" ? "Say why the gap is closed" : "Say why this is not a gap", result.values);
    }
    const outcome = updateGap(gapId, result.data, actor);
    return outcome.ok ? back("updated") : refusal(outcome, result.values);
  }
  if (intent === "add-intervention") {
    const result = validateForm(InterventionSchema, formData);
    if (!result.ok) return invalid(result);
    const outcome = addIntervention(gapId, result.data, actor);
    return outcome.ok ? back("intervention-added") : refusal(outcome, result.values);
  }
  if (intent === "in-place") {
    const result = validateForm(InPlaceSchema, formData);
    if (!result.ok) return invalid(result);
    const outcome = markInterventionInPlace(gapId, result.data.interventionId, actor);
    return outcome.ok ? back("in-place") : refusal(outcome, result.values);
  }
  return formError("This form was sent with an unknown action. Reload the page and try again.");
}

export default function GapPage() {
  const { gap, members, footprints, next, notice } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  // Each form shows only its own answer.
  const intent = result?.values?.intent;
  const updateResult = intent === "update" ? result : undefined;
  const addResult = intent === "add-intervention" ? result : undefined;
  const inPlaceResult = intent === "in-place" ? result : undefined;
  const closed = gap.status === "closed" || gap.status === "not_a_gap";
  const statusOptions = [gap.status, ...next].map((s) => ({
    value: s,
    label: s === gap.status ? `${GAP_STATUS_LABELS[s]} (no change)` : GAP_STATUS_LABELS[s],
  }));
  const pending = gap.interventions.filter((i) => i.inPlaceAt === null);
  return (
    <>
      <Link className="nhsuk-back-link" to="/advisory">
        Back to the advisory page
      </Link>
      {notice && !result ? <SuccessBanner>{notice}</SuccessBanner> : null}
      <h1>
        <span className="nhsuk-caption-l">
          Gap register<span className="nhsuk-u-visually-hidden"> - </span>
        </span>
        {gap.themeName}
      </h1>
      {gap.themeDescription ? <p>Theme: {gap.themeDescription}</p> : null}

      <dl className="nhsuk-summary-list">
        <SummaryRow label="Status">
          <GapStatusTag status={gap.status} />
        </SummaryRow>
        {gap.reason ? <SummaryRow label={gap.status === "not_a_gap" ? "Why it is not a gap" : "Reason"}>{gap.reason}</SummaryRow> : null}
        <SummaryRow label="Owner">{gap.ownerName ?? "No owner yet"}</SummaryRow>
        <SummaryRow label="Flagged">{formatDate(gap.flaggedAt)}</SummaryRow>
        <SummaryRow label="Last changed">{formatDate(gap.updatedAt)}</SummaryRow>
        {gap.closedAt ? <SummaryRow label="Closed">{formatDate(gap.closedAt)}</SummaryRow> : null}
        <SummaryRow label="Notes">{gap.notes ? <span className="app-break-anywhere app-pre-line">{gap.notes}</span> : "None"}</SummaryRow>
      </dl>

      <h2>Why it was flagged</h2>
      <p>{evidenceInWords(gap.evidence)}</p>
      <p className="nhsuk-body-s">The rule at the time: {gap.evidence.rule}</p>

      <h2 id="interventions-heading">Interventions</h2>
      {gap.interventions.length ? (
        <ul className="nhsuk-list app-interventions">
          {gap.interventions.map((i) => (
            <li key={i.id} className="app-intervention">
              <h3 className="nhsuk-heading-s app-break-anywhere">{i.title}</h3>
              <p className="app-break-anywhere">{i.description}</p>
              <p>
                Provided by <span className="app-break-anywhere">{i.provider}</span>. Covers {i.footprints.map((f) => f.name).join(", ") || "no footprint"}.
              </p>
              {i.link ? (
                <p>
                  <a href={i.link} rel="noopener noreferrer" className="app-break-anywhere">
                    {i.link}
                  </a>
                </p>
              ) : null}
              <p>
                <strong className={`nhsuk-tag ${i.inPlaceAt ? "nhsuk-tag--green" : "nhsuk-tag--blue"}`}>
                  {i.inPlaceAt ? `In place since ${formatDate(i.inPlaceAt)}` : "Being designed"}
                </strong>
              </p>
            </li>
          ))}
        </ul>
      ) : (
        <p>No intervention has been added yet.</p>
      )}
      {pending.length && !closed ? (
        <>
          <h3>Mark an intervention in place</h3>
          <p>When an intervention is available to the sets in its footprints, mark it in place. It then shows to those sets as "You said, we did".</p>
          {pending.map((i) => (
            <ValidatedForm
              key={i.id}
              schema={InPlaceSchema}
              idPrefix={`in-place-${i.id}-`}
              result={inPlaceResult?.values?.interventionId === i.id ? inPlaceResult : undefined}
              errorTitle="It was not marked in place"
            >
              <input type="hidden" name="interventionId" value={i.id} />
              <SubmitButton intent="in-place" secondary>
                Mark in place<span className="nhsuk-u-visually-hidden">: {i.title}</span>
              </SubmitButton>
            </ValidatedForm>
          ))}
        </>
      ) : null}

      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h2 id="update-heading">Update this entry</h2>
          {closed ? <p>This entry is closed. You can still change its owner and notes.</p> : null}
          <ValidatedForm schema={GapUpdateSchema} result={updateResult} idPrefix="update-" aria-labelledby="update-heading">
            <RadiosField
              name="status"
              legend="Status"
              hint={closed ? undefined : "Where the entry can go from here. Moving to \"Intervention in place\" needs an intervention marked in place."}
              options={statusOptions}
              defaultValue={gap.status}
            />
            <TextareaField
              name="reason"
              label="Reason"
              hint="Needed when you close the entry or decide it is not a gap: say why."
              defaultValue={gap.reason ?? ""}
              rows={3}
            />
            <SelectField
              name="ownerId"
              label="Owner on the advisory group"
              options={members.map((m) => ({ value: m.id, label: m.name }))}
              defaultValue={gap.ownerId ?? ""}
              placeholder="No owner"
            />
            <TextareaField name="notes" label="Notes" hint="For the advisory group. Up to 4,000 characters." defaultValue={gap.notes} rows={6} />
            <SubmitButton intent="update">Save changes</SubmitButton>
          </ValidatedForm>

          <h2 id="add-heading">Add an intervention</h2>
          {closed ? (
            <p>This entry is closed, so no intervention can be added.</p>
          ) : (
            <ValidatedForm schema={InterventionSchema} result={addResult} idPrefix="add-" aria-labelledby="add-heading">
              <TextField name="title" label="Title" hint="Up to 120 characters." width={30} />
              <TextareaField name="description" label="What it is" hint="Up to 1,000 characters. Say what it offers and how to use it." rows={4} />
              <TextField name="provider" label="Who provides it" hint="For example, the ICS staff wellbeing hub. Up to 200 characters." width={30} />
              <TextField name="link" label="Link (optional)" hint="A web address that starts with https://" type="url" spellCheck={false} />
              <CheckboxesField name="footprintIds" legend="Footprints it covers" hint="Choose at least one." options={footprints.map((f) => ({ value: f.id, label: f.name }))} />
              <CheckboxesField name="inPlace" legend="Is it in place?" options={[{ value: "yes", label: "It is in place now" }]} />
              <SubmitButton intent="add-intervention">Add intervention</SubmitButton>
            </ValidatedForm>
          )}
        </div>
      </div>
    </>
  );
}

function SummaryRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value">{children}</dd>
    </div>
  );
}
