/**
 * Pieces shared by the self-assessment pages: the level tag, the assessment
 * form's schema (checked in the browser and again on the server), the
 * read-only answers and "what moved", and the footprint view used by both
 * admins and the advisory group.
 */
import { Form } from "@remix-run/react";
import { z } from "zod";
import { ALIGNMENT_LEVELS, type AlignmentLevel } from "~db/enums";
import { TableWrap } from "~/components/table-wrap";
import {
  AREA_LABELS,
  isIsoDay,
  LEVEL_LABELS,
  recommendationById,
  recommendationLabel,
  RECOMMENDATIONS,
  recommendationsByArea,
  type Comparison,
} from "~/domain/recommendations";
import { formatDay } from "~/utils/dates";

export const EVIDENCE_MAX = 2000;
export const NEXT_STEP_MAX = 500;
export const OWNER_ROLE_MAX = 120;

const text = (what: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${what} must be ${max.toLocaleString("en-GB")} characters or fewer`)
    .optional()
    .transform((v) => v ?? "");

function answerFields(id: string) {
  const r = recommendationById(id)!;
  const name = recommendationLabel(r);
  return {
    [`${id}.level`]: z.enum(ALIGNMENT_LEVELS, { error: `Choose how far ${name} is in place` }).optional(),
    [`${id}.evidence`]: text(`The evidence for ${name}`, EVIDENCE_MAX),
    [`${id}.nextStep`]: text(`The next step for ${name}`, NEXT_STEP_MAX),
    [`${id}.ownerRole`]: text(`The owner role for ${name}`, OWNER_ROLE_MAX),
    [`${id}.dueDate`]: z
      .string()
      .trim()
      .optional()
      .refine((v) => !v || isIsoDay(v), `Enter the due date for ${name} as a real date, like 2026-03-31`)
      .transform((v) => (v ? v : null)),
  };
}

/** Every recommendation's answer in one form, so nothing typed is lost whichever button is pressed. */
export const AssessmentSchema = z.strictObject({
  ...Object.assign({}, ...RECOMMENDATIONS.map((r) => answerFields(r.id))),
  confirm: z.literal("yes", { error: "Tick the box to confirm the answers are ready to submit" }).optional(),
}) as z.ZodType<Record<string, string | null | undefined>>;

export const LEVEL_TAG: Record<AlignmentLevel, string> = { not_in_place: "nhsuk-tag--red", partly: "nhsuk-tag--yellow", fully: "nhsuk-tag--green" };

export function LevelTag({ level }: { level: AlignmentLevel | null }) {
  if (!level) return <strong className="nhsuk-tag nhsuk-tag--grey">Not answered</strong>;
  return <strong className={`nhsuk-tag ${LEVEL_TAG[level]}`}>{LEVEL_LABELS[level]}</strong>;
}

export type AnswerView = {
  recommendationId: string;
  level: AlignmentLevel | null;
  evidence: string;
  nextStep: string;
  ownerRole: string;
  dueDate: string | null;
};

/** The answers, read-only, one section per framework area. */
export function AnswersReadOnly({ answers }: { answers: AnswerView[] }) {
  const by = new Map(answers.map((a) => [a.recommendationId, a]));
  return (
    <>
      {recommendationsByArea().map((group) => (
        <section key={group.area} aria-labelledby={`area-${group.area}`}>
          <h2 id={`area-${group.area}`}>{group.label}</h2>
          {group.recommendations.map((r) => {
            const a = by.get(r.id);
            return (
              <div key={r.id} className="nhsuk-u-margin-bottom-5 app-print-action">
                <h3 className="nhsuk-heading-s">
                  {recommendationLabel(r)}: {r.title}
                </h3>
                <p className="nhsuk-body-s">{r.text}</p>
                <dl className="nhsuk-summary-list">
                  <Row label="How far in place">
                    <LevelTag level={a?.level ?? null} />
                  </Row>
                  <Row label="Evidence">{a?.evidence || "None given"}</Row>
                  <Row label="Next step">{a?.nextStep || "None given"}</Row>
                  <Row label="Owner role">{a?.ownerRole || "None given"}</Row>
                  <Row label="Due date">{a?.dueDate ? formatDay(a.dueDate) : "None given"}</Row>
                </dl>
              </div>
            );
          })}
        </section>
      ))}
    </>
  );
}

const MOVEMENT_LABELS: Record<Comparison["movement"], string> = { up: "Moved up", down: "Moved down", unchanged: "No change", new: "Newly answered" };

export function WhatMoved({ moved, previousLabel }: { moved: Comparison[]; previousLabel: string }) {
  const changes = moved.filter((m) => m.movement !== "unchanged");
  return (
    <section aria-labelledby="moved-heading">
      <h2 id="moved-heading">What moved since {previousLabel}</h2>
      {changes.length ? null : <p>Nothing moved: every recommendation is at the same level as in {previousLabel}.</p>}
      <TableWrap label="What moved">
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Each recommendation in {previousLabel} and now</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">Recommendation</th>
              <th scope="col" className="nhsuk-table__header">{previousLabel}</th>
              <th scope="col" className="nhsuk-table__header">Now</th>
              <th scope="col" className="nhsuk-table__header">Change</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {moved.map((m) => {
              const r = recommendationById(m.recommendationId)!;
              return (
                <tr key={m.recommendationId} className="nhsuk-table__row">
                  <th scope="row" className="nhsuk-table__cell">
                    {recommendationLabel(r)}: {r.title}
                  </th>
                  <td className="nhsuk-table__cell">{m.before ? LEVEL_LABELS[m.before] : "Not answered"}</td>
                  <td className="nhsuk-table__cell">{m.after ? LEVEL_LABELS[m.after] : "Not answered"}</td>
                  <td className="nhsuk-table__cell">{m.movement === "unchanged" ? MOVEMENT_LABELS.unchanged : <strong>{MOVEMENT_LABELS[m.movement]}</strong>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
    </section>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value app-break-anywhere">{children}</dd>
    </div>
  );
}

// ---------------------------------------------------------------------------
// Footprint view

export type FootprintView = {
  footprint: { id: string; name: string };
  from: string;
  to: string;
  organisationsAssessed: string;
  recommendations: Array<{ id: string; notInPlace: string; partly: string; fully: string; placeToLook: boolean; recurringThemes: string[] }>;
};

export function FootprintAlignment({
  action,
  footprints,
  selected,
  view,
}: {
  action: string;
  footprints: Array<{ id: string; name: string }>;
  selected: string;
  view: FootprintView | null;
}) {
  const by = new Map(view?.recommendations.map((r) => [r.id, r]) ?? []);
  return (
    <>
      <h1>Alignment with the recommendations by footprint</h1>
      <p>
        For each recommendation of the Call to Action, how many organisations in a footprint have it not in place, partly or fully in place, from each organisation's latest submitted self-assessment.
        A recommendation is marked <strong>Place to look</strong> when most organisations there have it not in place or only partly, and a theme it speaks to keeps coming back from the footprint's action learning sets.
      </p>
      <Form method="get" action={action} className="nhsuk-u-margin-bottom-5">
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="footprint">
            Footprint
          </label>
          <select className="nhsuk-select" id="footprint" name="footprint" defaultValue={selected}>
            <option value="">Select</option>
            {footprints.map((f) => (
              <option key={f.id} value={f.id}>
                {f.name}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" className="nhsuk-button nhsuk-button--secondary">
          Show footprint
        </button>
      </Form>
      {!view ? (
        <p>{selected ? "That footprint was not found. Choose one from the list." : "Choose a footprint to see its organisations' alignment."}</p>
      ) : (
        <>
          <h2>{view.footprint.name}</h2>
          <p>
            Organisations with a submitted self-assessment: <strong>{view.organisationsAssessed}</strong>. Counts of 1 to 7 are shown as "&lt;8" and others are rounded to the nearest 5, so no
            organisation can be picked out. Recurring themes are those tagged on at least 3 items shared from the footprint between {view.from} and {view.to}.
          </p>
          {recommendationsByArea().map((group) => (
            <TableWrap key={group.area} label={AREA_LABELS[group.area]}>
              <table className="nhsuk-table">
                <caption className="nhsuk-table__caption">{group.label}</caption>
                <thead className="nhsuk-table__head">
                  <tr className="nhsuk-table__row">
                    <th scope="col" className="nhsuk-table__header">Recommendation</th>
                    <th scope="col" className="nhsuk-table__header">Not in place</th>
                    <th scope="col" className="nhsuk-table__header">Partly</th>
                    <th scope="col" className="nhsuk-table__header">Fully</th>
                    <th scope="col" className="nhsuk-table__header">Place to look</th>
                  </tr>
                </thead>
                <tbody className="nhsuk-table__body">
                  {group.recommendations.map((r) => {
                    const row = by.get(r.id);
                    return (
                      <tr key={r.id} className="nhsuk-table__row">
                        <th scope="row" className="nhsuk-table__cell">
                          {recommendationLabel(r)}: {r.title}
                        </th>
                        <td className="nhsuk-table__cell">{row?.notInPlace}</td>
                        <td className="nhsuk-table__cell">{row?.partly}</td>
                        <td className="nhsuk-table__cell">{row?.fully}</td>
                        <td className="nhsuk-table__cell">
                          {row?.placeToLook ? (
                            <>
                              <strong className="nhsuk-tag nhsuk-tag--orange">Place to look</strong> Recurring here: {row.recurringThemes.join(", ")}
                            </>
                          ) : (
                            "No"
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </TableWrap>
          ))}
        </>
      )}
    </>
  );
}
