/**
 * /alignment: the organisations the signed-in person leads the
 * self-assessment for, their assessments (a draft first), and starting a new
 * one. Admins name the leads; nobody else has anything here.
 */
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { SubmitButton, TextField, ValidatedForm } from "~/components/form";
import { RECOMMENDATIONS } from "~/domain/recommendations";
import { compareLatest, leadOrganisations, organisationAssessments, startAssessment } from "~/models/alignment.server";
import { requireUser } from "~/server/guards.server";
import { fieldError, formError, invalid, readFormData } from "~/server/request.server";
import { formatInstant } from "~/utils/dates";
import { requiredText, validateForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Self-assessment - CLN Action Learning Sets" }];

const StartSchema = z.strictObject({
  organisationId: z.string().min(1),
  label: requiredText("a name for this assessment", 80),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const organisations = leadOrganisations(user.id).map((o) => {
    const compared = compareLatest(o.id);
    return {
      ...o,
      assessments: organisationAssessments(o.id),
      lastMoved: compared ? { earlier: compared.earlier.label, later: compared.later.label, up: compared.moved.filter((m) => m.movement === "up").length, down: compared.moved.filter((m) => m.movement === "down").length } : null,
    };
  });
  return json({ organisations });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  if (formData.get("intent") !== "start") return formError("That could not be done. Reload the page and try again.");
  const result = validateForm(StartSchema, formData);
  if (!result.ok) return invalid(result);
  const outcome = startAssessment({ organisationId: result.data.organisationId, userId: user.id, label: result.data.label, now: Date.now(), ip: context.ip ?? null });
  if (!outcome.ok) {
    if (outcome.status === 403) throw new Response("Forbidden", { status: 403 });
    return fieldError("label", outcome.message, result.values, outcome.status);
  }
  return redirect(`/alignment/${outcome.id}`);
}

export default function AlignmentHome() {
  const { organisations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Self-assessment against the recommendations</h1>
      <p>
        Your organisation assesses itself against the {RECOMMENDATIONS.length} recommendations of the Call to Action: how far each is in place, the evidence, and the next step. Repeat it, for
        example at baseline, 6 and 12 months, to see what moved.
      </p>
      {organisations.length === 0 ? <p>You are not a self-assessment lead for any organisation. A CLN admin names the leads for each organisation.</p> : null}
      {organisations.map((o) => {
        const draft = o.assessments.find((a) => a.status === "draft");
        const mine = result?.values?.organisationId === o.id ? result : undefined;
        return (
          <section key={o.id} aria-labelledby={`org-${o.id}`}>
            <h2 id={`org-${o.id}`}>{o.name}</h2>
            <p className="nhsuk-body-s">{o.footprintName}</p>
            {o.lastMoved ? (
              <p>
                From {o.lastMoved.earlier} to {o.lastMoved.later}: {o.lastMoved.up} moved up, {o.lastMoved.down} moved down.
              </p>
            ) : null}
            {o.assessments.length ? (
              <ul className="nhsuk-list nhsuk-list--bullet">
                {o.assessments.map((a) => (
                  <li key={a.id}>
                    <Link to={`/alignment/${a.id}`}>{a.label}</Link>:{" "}
                    {a.status === "draft" ? `draft, ${a.answered} of ${RECOMMENDATIONS.length} answered, last saved ${formatInstant(a.updatedAt)}` : `submitted ${a.submittedAt ? formatInstant(a.submittedAt) : ""}`}
                  </li>
                ))}
              </ul>
            ) : (
              <p>No assessments yet.</p>
            )}
            {draft ? (
              <p>
                <Link to={`/alignment/${draft.id}`}>Continue the draft ({draft.label})</Link>. Submit it before starting another.
              </p>
            ) : (
              <ValidatedForm schema={StartSchema} result={mine} idPrefix={`${o.id}-`} errorTitle="The assessment was not started">
                <input type="hidden" name="organisationId" value={o.id} />
                <TextField name="label" label="Name for a new assessment" hint="For example Baseline, 6 months or 12 months" width={20} />
                <SubmitButton intent="start" busyText="Starting…">
                  Start a new assessment
                </SubmitButton>
              </ValidatedForm>
            )}
          </section>
        );
      })}
    </>
  );
}
