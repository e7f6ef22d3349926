/**
 * /alignment/:assessmentId: an organisation's self-assessment. A draft is one
 * form (every recommendation, one section per framework area), so whichever
 * Save button is pressed, everything typed is saved, and a refusal sends it
 * all back. "Submit assessment" saves, checks every recommendation has a
 * level, then freezes and dates it. A submitted assessment, or any assessment
 * for an admin, is read-only, with what moved since the one before.
 */
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ALIGNMENT_LEVELS, type AlignmentLevel } from "~db/enums";
import { AnswersReadOnly, AssessmentSchema, EVIDENCE_MAX, WhatMoved } from "~/components/alignment";
import { CheckboxesField, RadiosField, SubmitButton, SuccessBanner, TextareaField, TextField, ValidatedForm } from "~/components/form";
import { LEVEL_LABELS, recommendationLabel, RECOMMENDATIONS, recommendationsByArea } from "~/domain/recommendations";
import { assessmentAccess, assessmentDetail, saveAnswers, submitAssessment, type AnswerInput } from "~/models/alignment.server";
import { forbidden, requireUser } from "~/server/guards.server";
import { formError, invalid, readFormData } from "~/server/request.server";
import { formatInstant } from "~/utils/dates";
import { validateForm } from "~/utils/forms";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.assessment.label ?? "Self-assessment"} - ${data?.assessment.organisationName ?? ""} - CLN Action Learning Sets` },
];

async function guard(request: Request, assessmentId: string) {
  const user = await requireUser(request);
  // The same 403 for "no such assessment" and "not yours".
  const access = assessmentAccess(user, assessmentId);
  if (!access) throw forbidden();
  return { user, access };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = params.assessmentId ?? "";
  const { access } = await guard(request, id);
  const assessment = assessmentDetail(id);
  if (!assessment) throw forbidden();
  return json({ access, assessment });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const id = params.assessmentId ?? "";
  const { user, access } = await guard(request, id);
  if (access !== "lead") throw forbidden("Only the organisation's self-assessment leads can change its assessment");
  const formData = await readFormData(request);
  const intent = String(formData.get("intent") ?? "");
  const submitting = intent === "submit";
  if (!submitting && intent !== "save" && !intent.startsWith("save:")) return formError("That could not be done. Reload the page and try again.");
  const result = validateForm(AssessmentSchema, formData);
  if (!result.ok) return invalid(result);
  const now = Date.now();
  const answers: AnswerInput[] = RECOMMENDATIONS.map((r) => ({
    recommendationId: r.id,
    level: (result.data[`${r.id}.level`] as AlignmentLevel | undefined) ?? null,
    evidence: result.data[`${r.id}.evidence`] ?? "",
    nextStep: result.data[`${r.id}.nextStep`] ?? "",
    ownerRole: result.data[`${r.id}.ownerRole`] ?? "",
    dueDate: result.data[`${r.id}.dueDate`] ?? null,
  }));
  // Save first, whatever was pressed: what was typed is kept even if submitting is refused.
  const saved = saveAnswers({ assessmentId: id, userId: user.id, answers, now });
  if (!saved.ok) return formError(saved.message, result.values, saved.status);
  if (!submitting) {
    const anchor = intent.startsWith("save:") ? `#${intent.slice(5).replace(/[^a-z0-9-]/g, "")}` : "";
    return redirect(`/alignment/${id}?notice=saved${anchor}`);
  }
  if (result.data.confirm !== "yes") {
    return json(
      { ok: false as const, errors: { confirm: "Tick the box to confirm the answers are ready to submit" }, formError: undefined, values: result.values },
      { status: 400 },
    );
  }
  const submitted = submitAssessment({ assessmentId: id, userId: user.id, now, ip: context.ip ?? null });
  if (!submitted.ok) {
    const errors = Object.fromEntries((submitted.missing ?? []).map((r) => [`${r}.level`, `Choose how far ${recommendationLabel(RECOMMENDATIONS.find((x) => x.id === r)!)} is in place`]));
    return json({ ok: false as const, errors, formError: submitted.message, values: result.values }, { status: submitted.status });
  }
  return redirect(`/alignment/${id}?notice=submitted`);
}

const NOTICES: Record<string, string> = {
  saved: "Your answers are saved. You can come back to this draft at any time.",
  submitted: "The assessment is submitted. It is now dated and cannot be changed; start a new one later to record progress.",
};

const LEVEL_OPTIONS = ALIGNMENT_LEVELS.map((l) => ({ value: l, label: LEVEL_LABELS[l] }));

export default function AssessmentPage() {
  const { access, assessment } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = NOTICES[params.get("notice") ?? ""];
  const draft = assessment.status === "draft";
  const editable = draft && access === "lead";
  const byId = new Map(assessment.answers.map((a) => [a.recommendationId, a]));
  const answered = assessment.answers.filter((a) => a.level).length;
  return (
    <>
      <Link to={access === "lead" ? "/alignment" : `/admin/organisations/${assessment.organisationId}`} className="nhsuk-back-link">
        {access === "lead" ? "Back to self-assessment" : `Back to ${assessment.organisationName}`}
      </Link>
      {notice ? <SuccessBanner>{notice}</SuccessBanner> : null}
      <h1>
        <span className="nhsuk-caption-l">
          {assessment.organisationName}
          <span className="nhsuk-u-visually-hidden"> - </span>
        </span>
        Self-assessment: {assessment.label}
      </h1>
      <p>
        {draft
          ? `Draft, started ${formatInstant(assessment.startedAt)}. ${answered} of ${RECOMMENDATIONS.length} recommendations have a level.`
          : `Submitted ${assessment.submittedAt ? formatInstant(assessment.submittedAt) : ""}${assessment.submittedByName ? ` by ${assessment.submittedByName}` : ""}.`}
      </p>
      <ul className="nhsuk-list app-no-print">
        <li>
          <Link to={`/alignment/${assessment.id}/print`}>Printable version for your board</Link>
        </li>
        <li>
          <a href={`/alignment/${assessment.id}.csv`} download>
            Download as a spreadsheet (CSV)
          </a>
        </li>
      </ul>

      {editable ? (
        <ValidatedForm schema={AssessmentSchema} result={result} errorTitle="The assessment was not submitted">
          <p>
            For each recommendation, say how far it is in place in your organisation, what shows it, and the next step with the role that owns it and a date. Save as you go: every Save button
            saves all your answers.
          </p>
          {recommendationsByArea().map((group) => (
            <section key={group.area} aria-labelledby={`area-${group.area}`}>
              <h2 id={`area-${group.area}`}>{group.label}</h2>
              {group.recommendations.map((r) => {
                const a = byId.get(r.id);
                const heading = `${recommendationLabel(r)}: ${r.title}`;
                return (
                  <section key={r.id} id={r.id} aria-labelledby={`${r.id}-heading`} className="nhsuk-card">
                    <div className="nhsuk-card__content">
                      <h3 id={`${r.id}-heading`} className="nhsuk-card__heading">
                        {heading}
                      </h3>
                      <p>{r.text}</p>
                      <RadiosField name={`${r.id}.level`} legend="How far is this in place?" options={LEVEL_OPTIONS} defaultValue={a?.level ?? undefined} inline />
                      <TextareaField name={`${r.id}.evidence`} label="Evidence" hint={`What shows this, in up to ${EVIDENCE_MAX.toLocaleString("en-GB")} characters`} defaultValue={a?.evidence ?? ""} rows={3} />
                      <TextareaField name={`${r.id}.nextStep`} label="Next step" defaultValue={a?.nextStep ?? ""} rows={2} />
                      <TextField name={`${r.id}.ownerRole`} label="Owner role" hint="A role, not a person: for example Director of workforce" defaultValue={a?.ownerRole ?? ""} width={20} />
                      <TextField name={`${r.id}.dueDate`} label="Due date" type="date" defaultValue={a?.dueDate ?? ""} />
                      <SubmitButton intent={`save:${r.id}`} secondary>
                        Save<span className="nhsuk-u-visually-hidden"> {heading}</span>
                      </SubmitButton>
                    </div>
                  </section>
                );
              })}
            </section>
          ))}
          <h2>Submit assessment</h2>
          <p>Submitting dates the assessment and freezes it: it can no longer be changed. Every recommendation needs a level first.</p>
          <CheckboxesField name="confirm" legend="Confirm" options={[{ value: "yes", label: "These answers are ready to be shared with our board" }]} />
          <div className="nhsuk-button-group">
            <SubmitButton intent="submit" busyText="Submitting…">
              Submit assessment
            </SubmitButton>
            <SubmitButton intent="save" secondary>
              Save draft
            </SubmitButton>
          </div>
        </ValidatedForm>
      ) : (
        <>
          {draft ? <p>This draft is still being completed by the organisation's self-assessment leads.</p> : null}
          {assessment.moved && assessment.previous ? <WhatMoved moved={assessment.moved} previousLabel={assessment.previous.label} /> : null}
          <AnswersReadOnly answers={assessment.answers} />
        </>
      )}
    </>
  );
}
