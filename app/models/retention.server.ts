/**
 * Retention of what was said in a set (trust.md, Privacy operations): once a
 * meeting ended more than `retentionDays` ago (settings.server.ts), the
 * facilitators' private notes for it are deleted and the text of every bid in
 * its live state is blanked. Who bid stays, so the record of the meeting
 * still reads sensibly; actions and report-backs are the owner's record and
 * are kept (they have their own lifecycle in the actions work).
 *
 * Run by the scheduler (app/server/scheduler.server.ts). One `BEGIN IMMEDIATE`
 * transaction; a second run finds nothing left to delete. The audit entry
 * carries counts only, never text.
 */
import { and, eq, inArray, lt, sql } from "drizzle-orm";
import { liveMeetings, meetingNotes, meetings } from "~db/schema";
import type { MeetingState } from "~/domain/live/types";
import { db } from "~/server/context.server";
import { audit } from "./audit.server";
import { getSettings } from "./settings.server";

const DAY_MS = 86_400_000;

export type RetentionResult = { notes: number; bids: number; meetings: number };

/** The instant before which a meeting must have ended for its in-set text to go. */
export function retentionCutoff(now: number, retentionDays: number) {
  return now - retentionDays * DAY_MS;
}

export function runRetention(now: number): RetentionResult {
  return db().transaction(
    (tx) => {
      const { retentionDays } = getSettings(tx);
      const cutoff = retentionCutoff(now, retentionDays);
      const dueMeetings = tx.select({ id: meetings.id }).from(meetings).where(lt(meetings.endsAt, cutoff));

      const deletedNotes = tx
        .delete(meetingNotes)
        .where(inArray(meetingNotes.meetingId, dueMeetings))
        .returning({ meetingId: meetingNotes.meetingId })
        .all();

      // Only states that still hold some bid text are read and rewritten.
      const states = tx
        .select({ meetingId: liveMeetings.meetingId, state: liveMeetings.state, version: liveMeetings.version })
        .from(liveMeetings)
        .where(
          and(
            inArray(liveMeetings.meetingId, dueMeetings),
            sql`exists (select 1 from json_each(${liveMeetings.state}, '$.bids') where coalesce(json_extract(value, '$.text'), '') <> '')`,
          ),
        )
        .all();
      let bids = 0;
      const touched = new Set(deletedNotes.map((n) => n.meetingId));
      for (const row of states) {
        const state = JSON.parse(row.state) as MeetingState;
        const blanked = state.bids.filter((b) => b.text !== "").length;
        if (!blanked) continue;
        bids += blanked;
        touched.add(row.meetingId);
        // A new version, so a copy of the state cached by the live meeting server is seen as stale and reloaded.
        const version = row.version + 1;
        const next: MeetingState = { ...state, version, bids: state.bids.map((b) => ({ ...b, text: "" })) };
        tx.update(liveMeetings)
          .set({ state: JSON.stringify(next), version, updatedAt: now })
          .where(and(eq(liveMeetings.meetingId, row.meetingId), eq(liveMeetings.version, row.version)))
          .run();
      }

      const result: RetentionResult = { notes: deletedNotes.length, bids, meetings: touched.size };
      if (result.notes || result.bids) {
        audit({ actorId: null, action: "retention_deleted", targetType: "meetings", detail: { ...result, retentionDays } }, tx);
      }
      return result;
    },
    { behavior: "immediate" },
  );
}
