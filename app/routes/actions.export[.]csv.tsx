import type { LoaderFunctionArgs } from "@remix-run/node";
import { format } from "date-fns";
import { ACTION_STATUS_LABELS, HISTORY_LABELS } from "~/domain/action-history";
import { exportMyActions } from "~/models/actions.server";
import { requireUser } from "~/server/guards.server";
import { formatInstant, formatMeetingDay } from "~/utils/dates";
import { toCsv } from "~/utils/csv";

/** The owner's own actions, one row per history entry (an action with no history yet has one row). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const rows = exportMyActions(user.id, "csv", context.ip ?? null);
  const header = [
    "Action",
    "Set",
    "Committed at meeting",
    "Status",
    "How I will know it worked",
    "Target date",
    "Update",
    "Update given",
    "Note",
    "What I learned",
    "What got in the way",
  ];
  const body = rows.flatMap((a) => {
    const base = [a.text, a.cohortName, formatMeetingDay(a.meetingStartsAt), ACTION_STATUS_LABELS[a.status], a.successMeasure ?? "", a.targetDate ?? ""];
    if (!a.history.length) return [[...base, "", "", "", "", ""]];
    return a.history.map((h) => [
      ...base,
      HISTORY_LABELS[h.status],
      h.meetingStartsAt !== null ? `Meeting of ${formatMeetingDay(h.meetingStartsAt)}` : `Between meetings, ${formatInstant(h.reportedAt)}`,
      h.note,
      h.learned,
      h.obstacles,
    ]);
  });
  return new Response(toCsv(header, body), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="my-actions-${format(new Date(), "yyyy-MM-dd")}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
