/** How an action and its history look wherever they are shown: My actions, the cohort's actions, printing. */
import type { ActionStatus, HistoryStatus, ShareKind } from "~db/enums";
import { ACTION_STATUS_LABELS, HISTORY_LABELS } from "~/domain/action-history";
import { formatDay, formatInstant, formatMeetingDay } from "~/utils/dates";

const STATUS_TAG: Record<ActionStatus, string> = { open: "nhsuk-tag--blue", done: "nhsuk-tag--green", dropped: "nhsuk-tag--grey" };

export function ActionStatusTag({ status }: { status: ActionStatus }) {
  return <strong className={`nhsuk-tag ${STATUS_TAG[status]}`}>{ACTION_STATUS_LABELS[status]}</strong>;
}

export const SHARE_KIND_LABELS: Record<ShareKind, string> = { action: "Action", report_back: "What was learned", barrier: "What got in the way" };

export type HistoryItem = {
  id: string;
  status: HistoryStatus;
  meetingId: string | null;
  meetingStartsAt: number | null;
  learned: string;
  obstacles: string;
  note: string;
  reportedAt: number;
};

/** The status history, oldest first: where each entry was given, how it went and what was said. */
export function ActionHistory({ committedAt, history }: { committedAt: number; history: HistoryItem[] }) {
  return (
    <ol className="app-history">
      <li className="app-history__item">
        <p className="app-history__when">{formatMeetingDay(committedAt)}</p>
        <p className="app-history__what">Committed at the meeting</p>
      </li>
      {history.map((h) => (
        <li className="app-history__item" key={h.id}>
          <p className="app-history__when">
            {h.meetingStartsAt !== null ? `Meeting of ${formatMeetingDay(h.meetingStartsAt)}` : `Between meetings, ${formatInstant(h.reportedAt)}`}
          </p>
          <p className="app-history__what">
            <strong>{HISTORY_LABELS[h.status]}</strong>
            {h.status === "carried" ? " (not reported at this meeting)" : ""}
          </p>
          {h.note ? <p className="app-break-anywhere">{h.status === "dropped" ? "Why: " : "Note: "}{h.note}</p> : null}
          {h.learned ? <p className="app-break-anywhere">What was learned: {h.learned}</p> : null}
          {h.obstacles ? <p className="app-break-anywhere">What got in the way: {h.obstacles}</p> : null}
        </li>
      ))}
    </ol>
  );
}

export function targetDateText(targetDate: string | null) {
  return targetDate ? formatDay(targetDate) : "Not set";
}
