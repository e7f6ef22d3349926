/** A printable self-assessment for the organisation's board: its leads and admins; each print is audited. */
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { AnswersReadOnly, WhatMoved } from "~/components/alignment";
import { assessmentAccess, exportAssessment } from "~/models/alignment.server";
import { forbidden, requireUser } from "~/server/guards.server";
import { formatInstant } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Self-assessment (printable) - CLN Action Learning Sets" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = params.assessmentId ?? "";
  if (!assessmentAccess(user, id)) throw forbidden();
  const assessment = exportAssessment(id, { actorId: user.id, ip: context.ip ?? null }, "print");
  if (!assessment) throw forbidden();
  return json({ assessment, printedAt: Date.now() });
}

export default function PrintAssessment() {
  const { assessment, printedAt } = useLoaderData<typeof loader>();
  return (
    <>
      <Link to={`/alignment/${assessment.id}`} className="nhsuk-back-link app-no-print">
        Back to the assessment
      </Link>
      <h1>
        {assessment.organisationName}: self-assessment against the Call to Action recommendations ({assessment.label})
      </h1>
      <p>
        {assessment.status === "submitted" && assessment.submittedAt
          ? `Submitted ${formatInstant(assessment.submittedAt)}${assessment.submittedByName ? ` by ${assessment.submittedByName}` : ""}.`
          : "Draft: not yet submitted, answers may change."}{" "}
        {assessment.footprintName}. Printed {formatInstant(printedAt)}.
      </p>
      <p className="app-no-print">Use your browser's print command (Ctrl+P, or Share then Print on a phone) to print this page or save it as a PDF.</p>
      {assessment.moved && assessment.previous ? <WhatMoved moved={assessment.moved} previousLabel={assessment.previous.label} /> : null}
      <AnswersReadOnly answers={assessment.answers} />
    </>
  );
}
