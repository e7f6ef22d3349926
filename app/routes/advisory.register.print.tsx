/**
 * /advisory/register/print: the whole gap register on one page for an
 * advisory meeting (print it or save it as a PDF). Each entry: theme,
 * status, owner, dates, reason, notes, the evidence in words (figures
 * already through the disclosure rule) and its interventions.
 */
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { DISCLOSURE_NOTE, evidenceInWords, formatDate } from "~/components/advisory";
import { GAP_STATUS_LABELS } from "~/domain/gaps";
import { gapDetail, gapRegister } from "~/models/gaps.server";
import { requireRole } from "~/server/guards.server";
import { formatInstant } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Gap register (printable) - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "advisory");
  const entries = gapRegister().flatMap((g) => {
    const d = gapDetail(g.id);
    if (!d) return [];
    return [
      {
        id: d.id,
        themeName: d.themeName,
        status: d.status,
        ownerName: d.ownerName,
        flaggedAt: d.flaggedAt,
        updatedAt: d.updatedAt,
        closedAt: d.closedAt,
        reason: d.reason,
        notes: d.notes,
        evidence: d.evidence,
        interventions: d.interventions.map((i) => ({ id: i.id, title: i.title, description: i.description, provider: i.provider, link: i.link, inPlaceAt: i.inPlaceAt, footprints: i.footprints.map((f) => f.name) })),
      },
    ];
  });
  return json({ printedAt: Date.now(), entries });
}

export default function PrintRegister() {
  const { printedAt, entries } = useLoaderData<typeof loader>();
  return (
    <>
      <Link to="/advisory" className="nhsuk-back-link app-no-print">
        Back to the advisory page
      </Link>
      <h1>Gap register</h1>
      <p>From the CLN Digital Action Learning Sets, {formatInstant(printedAt)}. Open entries first.</p>
      <p className="nhsuk-body-s">{DISCLOSURE_NOTE}</p>
      <p className="app-no-print">Use your browser's print command (Ctrl+P, or Share then Print on a phone) to print this page or save it as a PDF.</p>
      {entries.length ? null : <p>No theme has been flagged yet.</p>}
      {entries.map((e) => (
        <section key={e.id} className="app-print-action app-print-gap" aria-labelledby={`gap-${e.id}`}>
          <h2 id={`gap-${e.id}`} className="nhsuk-heading-m">
            {e.themeName}
          </h2>
          <dl className="nhsuk-summary-list">
            <Row label="Status">{GAP_STATUS_LABELS[e.status]}</Row>
            {e.reason ? <Row label={e.status === "not_a_gap" ? "Why it is not a gap" : "Reason"}>{e.reason}</Row> : null}
            <Row label="Owner">{e.ownerName ?? "No owner yet"}</Row>
            <Row label="Flagged">{formatDate(e.flaggedAt)}</Row>
            <Row label="Last changed">{formatDate(e.updatedAt)}</Row>
            {e.closedAt ? <Row label="Closed">{formatDate(e.closedAt)}</Row> : null}
            <Row label="Notes">{e.notes ? <span className="app-pre-line">{e.notes}</span> : "None"}</Row>
            <Row label="Evidence">{evidenceInWords(e.evidence)}</Row>
          </dl>
          <h3 className="nhsuk-heading-s">Interventions</h3>
          {e.interventions.length ? (
            <ul>
              {e.interventions.map((i) => (
                <li key={i.id} className="app-break-anywhere">
                  <strong>{i.title}</strong> ({i.inPlaceAt ? `in place since ${formatDate(i.inPlaceAt)}` : "being designed"}). {i.description} Provided by {i.provider}. Covers{" "}
                  {i.footprints.join(", ") || "no footprint"}.{i.link ? <> Link: {i.link}</> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p>None yet.</p>
          )}
        </section>
      ))}
    </>
  );
}

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value app-break-anywhere">{children}</dd>
    </div>
  );
}
