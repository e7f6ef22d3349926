import { TZDate } from "@date-fns/tz";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { format } from "date-fns";
import { AREA_LABELS, LEVEL_LABELS, recommendationById, recommendationLabel } from "~/domain/recommendations";
import { assessmentAccess, exportAssessment } from "~/models/alignment.server";
import { forbidden, requireUser } from "~/server/guards.server";
import { toCsv } from "~/utils/csv";
import { LONDON } from "~/utils/dates";

/** An organisation's self-assessment as a spreadsheet for its board: one row per recommendation. Leads and admins; audited. */
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = params.assessmentId ?? "";
  if (!assessmentAccess(user, id)) throw forbidden();
  const a = exportAssessment(id, { actorId: user.id, ip: context.ip ?? null }, "csv");
  if (!a) throw forbidden();
  const moved = new Map((a.moved ?? []).map((m) => [m.recommendationId, m]));
  const header = ["Organisation", "Assessment", "Status", "Submitted", "Area", "Recommendation", "Title", "Level", "Evidence", "Next step", "Owner role", "Due date", `Level in ${a.previous?.label ?? "previous assessment"}`, "Change"];
  const submitted = a.submittedAt ? format(new TZDate(a.submittedAt, LONDON), "yyyy-MM-dd") : "";
  const rows = a.answers.map((ans) => {
    const r = recommendationById(ans.recommendationId)!;
    const m = moved.get(r.id);
    return [
      a.organisationName,
      a.label,
      a.status === "submitted" ? "Submitted" : "Draft",
      submitted,
      AREA_LABELS[r.area],
      recommendationLabel(r),
      r.title,
      ans.level ? LEVEL_LABELS[ans.level] : "",
      ans.evidence,
      ans.nextStep,
      ans.ownerRole,
      ans.dueDate ?? "",
      m?.before ? LEVEL_LABELS[m.before] : "",
      m ? { up: "Moved up", down: "Moved down", unchanged: "No change", new: "Newly answered" }[m.movement] : "",
    ];
  });
  const slug = `${a.organisationName}-${a.label}`.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 80) || "assessment";
  return new Response(toCsv(header, rows), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="self-assessment-${slug}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
