/**
 * The facilitators' private notes for one meeting (one text per meeting,
 * shared by the set's facilitator and co-facilitator). Confidential to them:
 * callers check `meetingRole(...) === "facilitator"` before reading or
 * writing. Nothing of the text is logged or audited.
 */
import { eq } from "drizzle-orm";
import { meetingNotes } from "~db/schema";
import { LIMITS } from "~/domain/live/types";
import { db } from "~/server/context.server";

export const NOTES_MAX = LIMITS.note;

export type MeetingNotes = { text: string; updatedAt: number | null };

export function readMeetingNotes(meetingId: string): MeetingNotes {
  const row = db().select({ text: meetingNotes.text, updatedAt: meetingNotes.updatedAt }).from(meetingNotes).where(eq(meetingNotes.meetingId, meetingId)).get();
  return row ?? { text: "", updatedAt: null };
}

export function saveMeetingNotes(input: { meetingId: string; text: string; userId: string; now: number }) {
  if (input.text.length > NOTES_MAX) return { ok: false as const, message: `Notes can be at most ${NOTES_MAX.toLocaleString("en-GB")} characters` };
  db().transaction(
    (tx) => {
      tx.insert(meetingNotes)
        .values({ meetingId: input.meetingId, text: input.text, updatedBy: input.userId, updatedAt: input.now })
        .onConflictDoUpdate({
          target: meetingNotes.meetingId,
          set: { text: input.text, updatedBy: input.userId, updatedAt: input.now },
        })
        .run();
    },
    { behavior: "immediate" },
  );
  return { ok: true as const, updatedAt: input.now };
}
