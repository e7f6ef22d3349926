/**
 * An action's status history, as plain data: what each entry means, what
 * status it leaves the action in, and the order the owner and facilitator
 * read it in. Entries come from report-backs at meetings, updates the owner
 * makes between meetings, and "carried forward" when a meeting ends without
 * a report on an open action.
 */
import type { ActionStatus, HistoryStatus } from "~db/enums";

export const HISTORY_LABELS: Record<HistoryStatus, string> = {
  done: "Done",
  partly: "Partly done",
  not_done: "Not done yet",
  dropped: "Dropped",
  carried: "Carried forward",
};

export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = { open: "Open", done: "Done", dropped: "Dropped" };

/** What an owner can report, at a meeting or between meetings (not `carried`, which only the system writes). */
export const OWNER_STATUSES = ["done", "partly", "not_done", "dropped"] as const satisfies readonly HistoryStatus[];
export type OwnerStatus = (typeof OWNER_STATUSES)[number];

export type HistoryEntry = {
  id: string;
  status: HistoryStatus;
  /** The meeting it was reported at; null for an update between meetings. */
  meetingId: string | null;
  meetingStartsAt: number | null;
  learned: string;
  obstacles: string;
  note: string;
  reportedAt: number;
};

/** Done and dropped close an action; partly done, not done yet and carried forward keep it open. */
export function statusAfter(entry: HistoryStatus): ActionStatus {
  return entry === "done" || entry === "dropped" ? entry : "open";
}

/** Why an update is refused, in words the owner understands; null when it may be made. */
export function refuseUpdate(current: ActionStatus, next: OwnerStatus, note: string): string | null {
  if (current !== "open") return `This action is ${current === "done" ? "done" : "dropped"}, so it cannot be updated. Commit a new action at your next meeting instead.`;
  if (next === "dropped" && !note.trim()) return "Say why you are dropping this action";
  return null;
}

/** Oldest first: the order a history is read in. Ties keep meeting reports before later notes. */
export function orderHistory<T extends Pick<HistoryEntry, "reportedAt" | "id">>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => a.reportedAt - b.reportedAt || a.id.localeCompare(b.id));
}

/**
 * The updates the owner made since the action was last reported at a meeting:
 * what the next progress-report stage shows. Empty when the latest entry is a
 * meeting's.
 */
export function updatesSinceLastMeeting<T extends Pick<HistoryEntry, "reportedAt" | "id" | "meetingId">>(entries: readonly T[]): T[] {
  const ordered = orderHistory(entries);
  let lastMeeting = -1;
  ordered.forEach((e, i) => {
    if (e.meetingId !== null) lastMeeting = i;
  });
  return ordered.slice(lastMeeting + 1);
}

/**
 * Whether an action belongs at the next progress-report stage: it is open,
 * or its owner closed it between meetings and has not yet told the set.
 */
export function dueForReportBack(status: ActionStatus, entries: ReadonlyArray<Pick<HistoryEntry, "reportedAt" | "id" | "meetingId">>): boolean {
  return status === "open" || updatesSinceLastMeeting(entries).length > 0;
}

/** My actions: open ones first, then the most recently committed. */
export function orderForOwner<T extends { status: ActionStatus; createdAt: number; id: string }>(items: readonly T[]): T[] {
  return [...items].sort(
    (a, b) => Number(b.status === "open") - Number(a.status === "open") || b.createdAt - a.createdAt || a.id.localeCompare(b.id),
  );
}
