/**
 * Actions after the meeting: "My actions" for their owner, the cohort's
 * actions for its facilitators and members, the owner's updates between
 * meetings and their export. In-set data: nobody outside the cohort reads an
 * action, admins included. Written by the live meeting (live-meetings.server)
 * and here.
 */
import { and, asc, desc, eq, inArray, isNull } from "drizzle-orm";
import { actionReports, actions, cohortMemberships, cohorts, meetings, users } from "~db/schema";
import { dueForReportBack, orderForOwner, orderHistory, refuseUpdate, updatesSinceLastMeeting, statusAfter, type HistoryEntry, type OwnerStatus } from "~/domain/action-history";
import { audit } from "~/models/audit.server";
import { db } from "~/server/context.server";
import { newId } from "~/server/ids.server";

/** owner: their own; facilitator: the cohort's; member: a current member of the cohort (sees what was said in the set). */
export type ActionAccess = "owner" | "facilitator" | "member";

export function actionAccess(userId: string, actionId: string): ActionAccess | null {
  const row = db()
    .select({ ownerId: actions.ownerId, cohortId: actions.cohortId, facilitatorId: cohorts.facilitatorId, coFacilitatorId: cohorts.coFacilitatorId })
    .from(actions)
    .innerJoin(cohorts, eq(cohorts.id, actions.cohortId))
    .where(eq(actions.id, actionId))
    .get();
  if (!row) return null;
  if (row.ownerId === userId) return "owner";
  if (row.facilitatorId === userId || row.coFacilitatorId === userId) return "facilitator";
  const member = db()
    .select({ id: cohortMemberships.id })
    .from(cohortMemberships)
    .where(and(eq(cohortMemberships.cohortId, row.cohortId), eq(cohortMemberships.userId, userId), isNull(cohortMemberships.leftAt)))
    .get();
  return member ? "member" : null;
}

function historyOf(actionIds: string[], meetingOnly: boolean): Map<string, HistoryEntry[]> {
  const byAction = new Map<string, HistoryEntry[]>();
  if (!actionIds.length) return byAction;
  const rows = db()
    .select({
      id: actionReports.id,
      actionId: actionReports.actionId,
      status: actionReports.status,
      meetingId: actionReports.meetingId,
      meetingStartsAt: meetings.startsAt,
      learned: actionReports.learned,
      obstacles: actionReports.obstacles,
      note: actionReports.note,
      reportedAt: actionReports.reportedAt,
    })
    .from(actionReports)
    .leftJoin(meetings, eq(meetings.id, actionReports.meetingId))
    .where(inArray(actionReports.actionId, actionIds))
    .all();
  for (const { actionId, ...entry } of orderHistory(rows)) {
    // What an owner writes between meetings is theirs and their facilitators' until they bring it to the set.
    if (meetingOnly && entry.meetingId === null) continue;
    const list = byAction.get(actionId) ?? [];
    list.push(entry);
    byAction.set(actionId, list);
  }
  return byAction;
}

const ACTION_COLUMNS = {
  id: actions.id,
  text: actions.text,
  status: actions.status,
  successMeasure: actions.successMeasure,
  targetDate: actions.targetDate,
  createdAt: actions.createdAt,
  meetingId: actions.meetingId,
  meetingStartsAt: meetings.startsAt,
  cohortId: actions.cohortId,
  cohortName: cohorts.name,
  ownerId: actions.ownerId,
  ownerName: users.name,
};

function selectActions() {
  return db()
    .select(ACTION_COLUMNS)
    .from(actions)
    .innerJoin(meetings, eq(meetings.id, actions.meetingId))
    .innerJoin(cohorts, eq(cohorts.id, actions.cohortId))
    .innerJoin(users, eq(users.id, actions.ownerId));
}

/** Every action of one person across all their meetings and cohorts, open ones first, each with its whole history. */
export function myActions(userId: string) {
  const rows = orderForOwner(selectActions().where(eq(actions.ownerId, userId)).all());
  const history = historyOf(
    rows.map((r) => r.id),
    false,
  );
  return rows.map((r) => ({ ...r, history: history.get(r.id) ?? [] }));
}

/** One action as the person asking may see it. */
export function actionDetail(actionId: string, access: ActionAccess) {
  const row = selectActions().where(eq(actions.id, actionId)).get();
  if (!row) return null;
  const history = historyOf([actionId], access === "member").get(actionId) ?? [];
  const own = access !== "member";
  return { ...row, successMeasure: own ? row.successMeasure : null, targetDate: own ? row.targetDate : null, history };
}

/** The cohort's actions: facilitators see every entry of each history; members what was said at meetings. */
export function cohortActions(cohortId: string, access: "facilitator" | "member") {
  const rows = selectActions().where(eq(actions.cohortId, cohortId)).orderBy(asc(users.name), desc(actions.createdAt), asc(actions.id)).all();
  const history = historyOf(
    rows.map((r) => r.id),
    access === "member",
  );
  // How the owner will know it worked and by when are theirs and their facilitators'.
  return rows.map((r) => ({
    ...r,
    successMeasure: access === "member" ? null : r.successMeasure,
    targetDate: access === "member" ? null : r.targetDate,
    history: history.get(r.id) ?? [],
  }));
}

export type UpdateOutcome = { ok: true } | { ok: false; field: "status" | "note" | "form"; message: string };

/** The owner's update between meetings: a new history entry, and the action closed on done or dropped. */
export function updateActionProgress(input: {
  actionId: string;
  userId: string;
  status: OwnerStatus;
  note?: string;
  learned?: string;
  obstacles?: string;
  now: number;
}): UpdateOutcome {
  return db().transaction(
    (tx) => {
      const action = tx.select({ ownerId: actions.ownerId, status: actions.status }).from(actions).where(eq(actions.id, input.actionId)).get();
      if (!action || action.ownerId !== input.userId) return { ok: false, field: "form", message: "Only the action's owner can update it" };
      const refusal = refuseUpdate(action.status, input.status, input.note ?? "");
      if (refusal) return { ok: false, field: action.status === "open" ? "note" : "form", message: refusal };
      tx.insert(actionReports)
        .values({
          id: newId(),
          actionId: input.actionId,
          meetingId: null,
          status: input.status,
          learned: input.learned ?? "",
          obstacles: input.obstacles ?? "",
          note: input.note ?? "",
          reportedBy: input.userId,
          reportedAt: input.now,
        })
        .run();
      tx.update(actions).set({ status: statusAfter(input.status), updatedAt: input.now }).where(eq(actions.id, input.actionId)).run();
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}

/** How the owner will know it worked and by when: theirs to set and change. */
export function editActionDetails(input: { actionId: string; userId: string; successMeasure?: string; targetDate?: string; now: number }): UpdateOutcome {
  const changed = db()
    .update(actions)
    .set({ successMeasure: input.successMeasure ?? null, targetDate: input.targetDate ?? null, updatedAt: input.now })
    .where(and(eq(actions.id, input.actionId), eq(actions.ownerId, input.userId)))
    .run();
  return changed.changes ? { ok: true } : { ok: false, field: "form", message: "Only the action's owner can change it" };
}

/** The owner's own actions for export (CSV or printing); the export is audited, its content is not. */
export function exportMyActions(userId: string, format: "csv" | "print", ip: string | null) {
  const rows = myActions(userId);
  audit({ actorId: userId, action: "actions_exported", targetType: "person", targetId: userId, detail: { format, actions: rows.length }, ip });
  return rows;
}

/** Does this person own any action? (Facilitators and others see "My actions" only when they do.) */
export function ownsActions(userId: string) {
  return Boolean(db().select({ id: actions.id }).from(actions).where(eq(actions.ownerId, userId)).limit(1).get());
}

/** Open actions of these owners in a cohort, or closed between meetings and not yet reported: for the next progress-report stage. */
export function actionsDueForReportBack(tx: Pick<ReturnType<typeof db>, "select">, cohortId: string, ownerIds: string[]) {
  if (!ownerIds.length) return [];
  const rows = tx
    .select({ actionId: actions.id, ownerId: actions.ownerId, text: actions.text, status: actions.status, createdAt: actions.createdAt })
    .from(actions)
    .where(and(eq(actions.cohortId, cohortId), inArray(actions.ownerId, ownerIds)))
    .orderBy(asc(actions.createdAt), asc(actions.id))
    .all();
  const ids = rows.map((r) => r.actionId);
  const entries = ids.length
    ? tx
        .select({ id: actionReports.id, actionId: actionReports.actionId, meetingId: actionReports.meetingId, status: actionReports.status, note: actionReports.note, reportedAt: actionReports.reportedAt })
        .from(actionReports)
        .where(inArray(actionReports.actionId, ids))
        .all()
    : [];
  const byAction = new Map<string, typeof entries>();
  for (const e of entries) byAction.set(e.actionId, [...(byAction.get(e.actionId) ?? []), e]);
  return rows.flatMap((r) => {
    const since = updatesSinceLastMeeting(byAction.get(r.actionId) ?? []);
    if (!dueForReportBack(r.status, since)) return [];
    const latest = since.at(-1);
    return [{ actionId: r.actionId, ownerId: r.ownerId, text: r.text, ...(latest ? { update: { status: latest.status, note: latest.note, at: latest.reportedAt } } : {}) }];
  });
}
