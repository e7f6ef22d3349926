/**
 * Sharing beyond the set. After a meeting its facilitators review the
 * actions committed and the report-backs given (learning and barriers), each
 * de-identified beside the original, and decide share or keep. The owner sees
 * what is proposed from their actions and can agree at once or withdraw; if
 * they do neither, it is shared when the notice period ends. Sharing makes a
 * separate `shared_items` row with no column back to a person, cohort or
 * meeting; only the private `share_proposals` row points to it, so the owner
 * can still withdraw later, which deletes it.
 */
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { and, asc, eq, inArray, isNotNull, isNull, lte, or } from "drizzle-orm";
import type { DB } from "~db/client";
import { writeContributors } from "~db/contributors";
import { actionReports, actions, cohortMemberships, cohorts, liveMeetings, meetings, shareProposals, sharedItemThemes, sharedItems, themes, users, type ShareDecision, type ShareKind } from "~db/schema";
import { findIdentifiers, redact, type EntityType } from "~/domain/redaction";
import { tagText, type ThemeTag } from "~/domain/themes/tagger";
import { audit } from "~/models/audit.server";
import { db } from "~/server/context.server";
import { newId } from "~/server/ids.server";
import { LONDON } from "~/utils/dates";

type Tx = Pick<DB, "insert" | "update" | "select" | "delete" | "run">;
const DAY = 86_400_000;

export type ProposalStatus = "kept" | "proposed" | "withdrawn" | "shared";

function proposalStatus(p: { decision: ShareDecision; withdrawnAt: number | null; sharedAt: number | null }): ProposalStatus {
  if (p.withdrawnAt) return "withdrawn";
  if (p.decision === "keep") return "kept";
  return p.sharedAt ? "shared" : "proposed";
}

/** Everyone whose name must not leave the set: the facilitators and everyone who was ever a member. */
export function namesOfCohort(cohortId: string, tx: Pick<DB, "select"> = db()): string[] {
  const cohort = tx.select({ f: cohorts.facilitatorId, c: cohorts.coFacilitatorId }).from(cohorts).where(eq(cohorts.id, cohortId)).get();
  const ids = new Set<string>([cohort?.f, cohort?.c].filter((x): x is string => Boolean(x)));
  for (const m of tx.select({ userId: cohortMemberships.userId }).from(cohortMemberships).where(eq(cohortMemberships.cohortId, cohortId)).all()) ids.add(m.userId);
  if (!ids.size) return [];
  return tx
    .select({ name: users.name })
    .from(users)
    .where(and(inArray(users.id, [...ids]), isNull(users.erasedAt)))
    .all()
    .map((u) => u.name);
}

/** Items are reviewed once the meeting is over: the live meeting ended, or its time has passed. */
function meetingOver(meetingId: string, endsAt: number, now: number, tx: Pick<DB, "select"> = db()) {
  if (endsAt <= now) return true;
  const live = tx.select({ state: liveMeetings.state }).from(liveMeetings).where(eq(liveMeetings.meetingId, meetingId)).get();
  return live ? (JSON.parse(live.state) as { position: { stage: string } }).position.stage === "ended" : false;
}

const ENTITY_WORDS: Record<EntityType, string> = {
  NAME: "a name",
  EMAIL: "an email address",
  PHONE: "a phone number",
  NHS_NUMBER: "an NHS number",
  POSTCODE: "a postcode",
};

function listInWords(items: string[]) {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`;
}

export type ReviewItem = {
  kind: ShareKind;
  actionId: string;
  reportId: string | null;
  ownerName: string;
  original: string;
  suggested: string;
  /** The tagger's suggested themes for the original, with the words that triggered each. */
  tags: ThemeTag[];
  proposal: { id: string; decision: ShareDecision; text: string; status: ProposalStatus; sharesOn: number | null; themeIds: string[] } | null;
};

/** What a meeting's facilitators review after it: its actions and its report-backs' learning and barriers. */
export function reviewItems(meetingId: string, now: number, noticeDays: number) {
  const meeting = db()
    .select({ id: meetings.id, cohortId: meetings.cohortId, cohortName: cohorts.name, startsAt: meetings.startsAt, endsAt: meetings.endsAt, status: meetings.status })
    .from(meetings)
    .innerJoin(cohorts, eq(cohorts.id, meetings.cohortId))
    .where(eq(meetings.id, meetingId))
    .get();
  if (!meeting) return null;
  const over = meeting.status === "scheduled" && meetingOver(meetingId, meeting.endsAt, now);
  const names = namesOfCohort(meeting.cohortId);
  const proposals = db()
    .select({
      id: shareProposals.id,
      kind: shareProposals.kind,
      actionId: shareProposals.actionId,
      reportId: shareProposals.reportId,
      decision: shareProposals.decision,
      text: shareProposals.redactedText,
      decidedAt: shareProposals.decidedAt,
      withdrawnAt: shareProposals.withdrawnAt,
      sharedAt: shareProposals.sharedAt,
      themeIds: shareProposals.themeIds,
    })
    .from(shareProposals)
    .where(eq(shareProposals.meetingId, meetingId))
    .all();
  const active = activeThemeIds();
  const proposalFor = (kind: ShareKind, actionId: string, reportId: string | null) => {
    const p = proposals.find((x) => x.kind === kind && x.actionId === actionId && (x.reportId ?? null) === reportId);
    if (!p) return null;
    const status = proposalStatus(p);
    return {
      id: p.id,
      decision: p.decision,
      text: p.text,
      status,
      sharesOn: status === "proposed" ? p.decidedAt + noticeDays * DAY : null,
      themeIds: JSON.parse(p.themeIds) as string[],
    };
  };
  const item = (kind: ShareKind, actionId: string, reportId: string | null, ownerName: string, original: string): ReviewItem => ({
    kind,
    actionId,
    reportId,
    ownerName,
    original,
    suggested: redact(original, names).text,
    tags: tagText(original, active),
    proposal: proposalFor(kind, actionId, reportId),
  });

  const committed = db()
    .select({ id: actions.id, text: actions.text, ownerName: users.name })
    .from(actions)
    .innerJoin(users, eq(users.id, actions.ownerId))
    .where(eq(actions.meetingId, meetingId))
    .orderBy(asc(actions.createdAt), asc(actions.id))
    .all();
  const reports = db()
    .select({ id: actionReports.id, actionId: actionReports.actionId, learned: actionReports.learned, obstacles: actionReports.obstacles, ownerName: users.name })
    .from(actionReports)
    .innerJoin(actions, eq(actions.id, actionReports.actionId))
    .innerJoin(users, eq(users.id, actions.ownerId))
    .where(and(eq(actionReports.meetingId, meetingId), inArray(actionReports.status, ["done", "partly", "not_done", "dropped"])))
    .orderBy(asc(actionReports.reportedAt), asc(actionReports.id))
    .all();
  const items: ReviewItem[] = [
    ...committed.map((a) => item("action", a.id, null, a.ownerName, a.text)),
    ...reports.flatMap((r) => [
      ...(r.learned ? [item("report_back", r.actionId, r.id, r.ownerName, r.learned)] : []),
      ...(r.obstacles ? [item("barrier", r.actionId, r.id, r.ownerName, r.obstacles)] : []),
    ]),
  ];
  return { meeting: { id: meeting.id, cohortId: meeting.cohortId, cohortName: meeting.cohortName, startsAt: meeting.startsAt, over }, items };
}

export type DecideOutcome = { ok: true } | { ok: false; field: "text" | "decision" | "themeIds" | "form"; message: string };

function activeThemeIds(tx: Pick<DB, "select"> = db()): string[] {
  return tx
    .select({ id: themes.id })
    .from(themes)
    .where(isNull(themes.retiredAt))
    .orderBy(asc(themes.createdAt), asc(themes.id))
    .all()
    .map((t) => t.id);
}

/**
 * The shared item's themes as rows the advisory pages count by index (shared
 * side), and the private rows counting the people behind them (written from
 * the proposal pointing at the item, so call this once it points there).
 */
function writeItemThemes(tx: Tx, sharedItemId: string, themeIds: string[]) {
  const item = tx.select({ footprintId: sharedItems.footprintId, month: sharedItems.month }).from(sharedItems).where(eq(sharedItems.id, sharedItemId)).get();
  tx.delete(sharedItemThemes).where(eq(sharedItemThemes.sharedItemId, sharedItemId)).run();
  if (!item) return;
  for (const themeId of themeIds) tx.insert(sharedItemThemes).values({ sharedItemId, themeId, footprintId: item.footprintId, month: item.month }).run();
  writeContributors(tx, sharedItemId);
}

/** One facilitator decision on one item; re-deciding replaces the earlier one (and unshares when now "keep"). */
export function decideShare(input: {
  meetingId: string;
  kind: ShareKind;
  actionId: string;
  reportId?: string;
  decision: ShareDecision;
  text?: string;
  /** The facilitator's themes for the item; their choice wins over the tagger's and is kept. */
  themeIds?: string[];
  actor: { id: string; ip?: string | null };
  now: number;
  /** The owner's notice period: with 0 days the item is shared at once. */
  noticeDays: number;
}): DecideOutcome {
  return db().transaction(
    (tx): DecideOutcome => {
      const meeting = tx.select({ cohortId: meetings.cohortId, endsAt: meetings.endsAt, status: meetings.status }).from(meetings).where(eq(meetings.id, input.meetingId)).get();
      if (!meeting || meeting.status !== "scheduled") return { ok: false, field: "form", message: "This meeting has no items to share" };
      if (!meetingOver(input.meetingId, meeting.endsAt, input.now, tx)) return { ok: false, field: "form", message: "Items can be shared once the meeting is over" };

      // The item must be this meeting's: an action committed in it, or a report-back given in it.
      const reportId = input.kind === "action" ? null : (input.reportId ?? null);
      if (input.kind === "action") {
        const a = tx.select({ id: actions.id }).from(actions).where(and(eq(actions.id, input.actionId), eq(actions.meetingId, input.meetingId))).get();
        if (!a) return { ok: false, field: "form", message: "That action was not committed at this meeting" };
      } else {
        const r = reportId
          ? tx
              .select({ learned: actionReports.learned, obstacles: actionReports.obstacles })
              .from(actionReports)
              .where(and(eq(actionReports.id, reportId), eq(actionReports.actionId, input.actionId), eq(actionReports.meetingId, input.meetingId)))
              .get()
          : undefined;
        if (!r || !(input.kind === "barrier" ? r.obstacles : r.learned)) return { ok: false, field: "form", message: "That report-back was not given at this meeting" };
      }

      const text = (input.text ?? "").trim();
      if (input.decision === "share") {
        const left = findIdentifiers(text, namesOfCohort(meeting.cohortId, tx));
        if (left.length) {
          const kinds = [...new Set(left.map((e) => ENTITY_WORDS[e.type]))];
          return { ok: false, field: "text", message: `This still contains what looks like ${listInWords(kinds)}. Take it out, or keep this item in the set` };
        }
      }

      const existing = tx
        .select({ id: shareProposals.id, withdrawnAt: shareProposals.withdrawnAt, sharedItemId: shareProposals.sharedItemId })
        .from(shareProposals)
        .where(
          and(
            eq(shareProposals.kind, input.kind),
            eq(shareProposals.actionId, input.actionId),
            reportId ? eq(shareProposals.reportId, reportId) : isNull(shareProposals.reportId),
          ),
        )
        .get();
      if (existing?.withdrawnAt) return { ok: false, field: "decision", message: "Its owner withdrew this item, so it stays in the set" };

      const chosen = [...new Set(input.themeIds ?? [])];
      const known = new Set(activeThemeIds(tx));
      if (chosen.some((id) => !known.has(id))) return { ok: false, field: "themeIds", message: "Choose themes from the codebook" };
      const values = {
        decision: input.decision,
        redactedText: input.decision === "share" ? text : "",
        themeIds: JSON.stringify(chosen),
        decidedBy: input.actor.id,
        decidedAt: input.now,
      };
      let proposalId = existing?.id;
      if (existing) {
        tx.update(shareProposals).set(values).where(eq(shareProposals.id, existing.id)).run();
        if (existing.sharedItemId) {
          if (input.decision === "keep") {
            tx.delete(sharedItems).where(eq(sharedItems.id, existing.sharedItemId)).run();
            tx.update(shareProposals).set({ sharedAt: null, sharedItemId: null }).where(eq(shareProposals.id, existing.id)).run();
          } else {
            tx.update(sharedItems).set({ text, themeIds: JSON.stringify(chosen) }).where(eq(sharedItems.id, existing.sharedItemId)).run();
            writeItemThemes(tx, existing.sharedItemId, chosen);
          }
        }
      } else {
        proposalId = newId();
        tx.insert(shareProposals).values({ id: proposalId, kind: input.kind, actionId: input.actionId, reportId, meetingId: input.meetingId, ...values }).run();
      }
      if (input.decision === "share" && input.noticeDays === 0 && proposalId) publish(tx, proposalId, input.now);
      audit({ actorId: input.actor.id, action: "sharing_decided", targetType: "share proposal", targetId: proposalId, detail: { kind: input.kind, decision: input.decision }, ip: input.actor.ip }, tx);
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}

/** Makes the shared record: text, kind, footprint, month; nothing that leads back. */
function publish(tx: Tx, proposalId: string, now: number): boolean {
  const p = tx
    .select({ kind: shareProposals.kind, text: shareProposals.redactedText, themeIds: shareProposals.themeIds, footprintId: cohorts.footprintId, startsAt: meetings.startsAt })
    .from(shareProposals)
    .innerJoin(meetings, eq(meetings.id, shareProposals.meetingId))
    .innerJoin(cohorts, eq(cohorts.id, meetings.cohortId))
    .where(and(eq(shareProposals.id, proposalId), eq(shareProposals.decision, "share"), isNull(shareProposals.withdrawnAt), isNull(shareProposals.sharedAt)))
    .get();
  if (!p) return false;
  const itemId = newId();
  tx.insert(sharedItems)
    .values({ id: itemId, kind: p.kind, text: p.text, footprintId: p.footprintId, month: format(new TZDate(p.startsAt, LONDON), "yyyy-MM"), themeIds: p.themeIds })
    .run();
  tx.update(shareProposals).set({ sharedAt: now, sharedItemId: itemId }).where(eq(shareProposals.id, proposalId)).run();
  writeItemThemes(tx, itemId, JSON.parse(p.themeIds) as string[]);
  return true;
}

/** Proposals whose notice period has ended without the owner withdrawing: shared now. Returns how many. */
export function publishDueShares(now: number, noticeDays: number): number {
  return db().transaction(
    (tx) => {
      const due = tx
        .select({ id: shareProposals.id })
        .from(shareProposals)
        .where(
          and(
            eq(shareProposals.decision, "share"),
            isNull(shareProposals.sharedAt),
            isNull(shareProposals.withdrawnAt),
            lte(shareProposals.decidedAt, now - noticeDays * DAY),
          ),
        )
        .all();
      let shared = 0;
      for (const { id } of due) if (publish(tx, id, now)) shared++;
      if (shared) audit({ actorId: null, action: "items_shared_after_notice", detail: { items: shared } }, tx);
      return shared;
    },
    { behavior: "immediate" },
  );
}

/** The owner's view: every item proposed or shared from their actions, with what will be (or was) shared. */
export function ownerProposals(userId: string, noticeDays: number) {
  return db()
    .select({
      id: shareProposals.id,
      kind: shareProposals.kind,
      actionId: shareProposals.actionId,
      decision: shareProposals.decision,
      text: shareProposals.redactedText,
      decidedAt: shareProposals.decidedAt,
      withdrawnAt: shareProposals.withdrawnAt,
      sharedAt: shareProposals.sharedAt,
    })
    .from(shareProposals)
    .innerJoin(actions, eq(actions.id, shareProposals.actionId))
    .where(and(eq(actions.ownerId, userId), or(eq(shareProposals.decision, "share"), isNotNull(shareProposals.withdrawnAt))))
    .orderBy(asc(shareProposals.decidedAt), asc(shareProposals.id))
    .all()
    .map((p) => {
      const status = proposalStatus(p);
      return { id: p.id, kind: p.kind, actionId: p.actionId, text: p.text, status, sharesOn: status === "proposed" ? p.decidedAt + noticeDays * DAY : null, sharedAt: p.sharedAt };
    });
}

export type OwnerOutcome = { ok: true; response: "agree" | "withdraw" } | { ok: false; message: string };

/** The owner agrees (shared at once) or withdraws (never shared; a shared record is deleted). */
export function respondToProposal(input: { proposalId: string; userId: string; response: "agree" | "withdraw"; now: number; ip?: string | null }): OwnerOutcome {
  return db().transaction(
    (tx): OwnerOutcome => {
      const p = tx
        .select({ id: shareProposals.id, decision: shareProposals.decision, withdrawnAt: shareProposals.withdrawnAt, sharedAt: shareProposals.sharedAt, sharedItemId: shareProposals.sharedItemId })
        .from(shareProposals)
        .innerJoin(actions, eq(actions.id, shareProposals.actionId))
        .where(and(eq(shareProposals.id, input.proposalId), eq(actions.ownerId, input.userId)))
        .get();
      // The same answer for "no such proposal" and "not yours".
      if (!p || p.decision !== "share") return { ok: false, message: "There is nothing of yours to answer there" };
      if (p.withdrawnAt) return { ok: false, message: "You have already withdrawn this item" };
      if (input.response === "agree") {
        if (p.sharedAt) return { ok: false, message: "This item is already shared" };
        tx.update(shareProposals).set({ ownerAgreedAt: input.now }).where(eq(shareProposals.id, p.id)).run();
        publish(tx, p.id, input.now);
      } else {
        if (p.sharedItemId) tx.delete(sharedItems).where(eq(sharedItems.id, p.sharedItemId)).run();
        tx.update(shareProposals).set({ withdrawnAt: input.now, sharedItemId: null }).where(eq(shareProposals.id, p.id)).run();
      }
      audit({ actorId: input.userId, action: input.response === "agree" ? "sharing_agreed_by_owner" : "sharing_withdrawn_by_owner", targetType: "share proposal", targetId: p.id, ip: input.ip }, tx);
      return { ok: true, response: input.response };
    },
    { behavior: "immediate" },
  );
}

/** The meetings a facilitator has items to review from: ended, with actions or report-backs not yet decided. */
export function meetingsToReview(facilitatorId: string, now: number) {
  const rows = db()
    .select({ meetingId: meetings.id, startsAt: meetings.startsAt, endsAt: meetings.endsAt, cohortName: cohorts.name })
    .from(meetings)
    .innerJoin(cohorts, eq(cohorts.id, meetings.cohortId))
    .where(and(or(eq(cohorts.facilitatorId, facilitatorId), eq(cohorts.coFacilitatorId, facilitatorId)), eq(meetings.status, "scheduled"), lte(meetings.startsAt, now)))
    .orderBy(asc(meetings.startsAt))
    .all();
  return rows.flatMap((m) => {
    const review = reviewItems(m.meetingId, now, 0);
    if (!review?.meeting.over) return [];
    const undecided = review.items.filter((i) => !i.proposal).length;
    return undecided ? [{ ...m, undecided }] : [];
  });
}
