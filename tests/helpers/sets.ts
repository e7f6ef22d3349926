/**
 * A set with its people, a past meeting and actions, written straight into
 * the test database: for the actions and sharing tests.
 */
import { actionReports, actions, cohortMemberships, cohorts, meetings } from "~db/schema";
import type { HistoryStatus } from "~db/enums";
import { newId } from "~/server/ids.server";
import { db, makePerson } from "./app";

export const DAY = 86_400_000;

export function makeSet(footprintId: string, opts: { members?: string[]; facilitatorName?: string } = {}) {
  const facilitator = makePerson({ roles: ["facilitator"], name: opts.facilitatorName ?? `Facilitator ${newId().slice(0, 4)}` });
  const members = (opts.members ?? ["Priya Shah", "Tom Hughes"]).map((name) => makePerson({ roles: ["clinical_lead"], name }));
  const cohortId = newId();
  db()
    .insert(cohorts)
    .values({ id: cohortId, name: `Set ${cohortId.slice(0, 6)}`, footprintId, termStart: "2020-01-01", termEnd: "2099-12-31", facilitatorId: facilitator.id })
    .run();
  for (const m of members) db().insert(cohortMemberships).values({ id: newId(), cohortId, userId: m.id, joinedAt: Date.now() - 90 * DAY }).run();
  return { facilitator, members, cohortId };
}

export function makeMeeting(cohortId: string, startsAt: number, hours = 2) {
  const id = newId();
  db()
    .insert(meetings)
    .values({ id, cohortId, startsAt, endsAt: startsAt + hours * 3_600_000, videoUrl: "https://teams.microsoft.com/l/meetup-join/actions" })
    .run();
  return id;
}

export function makeAction(input: { cohortId: string; meetingId: string; ownerId: string; text: string; createdAt?: number; status?: "open" | "done" | "dropped" }) {
  const id = newId();
  db()
    .insert(actions)
    .values({
      id,
      cohortId: input.cohortId,
      meetingId: input.meetingId,
      ownerId: input.ownerId,
      text: input.text,
      writtenBy: input.ownerId,
      status: input.status ?? "open",
      createdAt: input.createdAt ?? Date.now() - 30 * DAY,
    })
    .run();
  return id;
}

export function makeReport(input: { actionId: string; meetingId: string | null; status: HistoryStatus; learned?: string; obstacles?: string; note?: string; at?: number }) {
  const id = newId();
  db()
    .insert(actionReports)
    .values({
      id,
      actionId: input.actionId,
      meetingId: input.meetingId,
      status: input.status,
      learned: input.learned ?? "",
      obstacles: input.obstacles ?? "",
      note: input.note ?? "",
      reportedAt: input.at ?? Date.now() - DAY,
    })
    .run();
  return id;
}
