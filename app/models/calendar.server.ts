/**
 * Meetings for calendars: the single-meeting download and each person's
 * private subscription feed, whose token is a capability URL (ADR 0006).
 */
import { and, asc, eq, gte, inArray, isNull, or } from "drizzle-orm";
import { calendarFeeds, cohortMemberships, cohorts, meetings, users } from "~db/schema";
import { db } from "~/server/context.server";
import { newToken } from "~/server/ids.server";
import type { CalendarMeeting } from "~/server/calendar.server";
import { audit } from "./audit.server";
import { cohortAccess } from "./overview.server";

/** How far back a feed reaches, so a meeting just past (or just cancelled) stays in view. */
export const FEED_LOOK_BACK_DAYS = 35;

const IMMEDIATE = { behavior: "immediate" } as const;

const calendarColumns = {
  id: meetings.id,
  cohortId: meetings.cohortId,
  startsAt: meetings.startsAt,
  endsAt: meetings.endsAt,
  videoUrl: meetings.videoUrl,
  status: meetings.status,
  cancelReason: meetings.cancelReason,
  sequence: meetings.sequence,
  updatedAt: meetings.updatedAt,
  createdAt: meetings.createdAt,
  cohortName: cohorts.name,
  facilitatorName: users.name,
  facilitatorEmail: users.email,
};

type Row = {
  id: string;
  startsAt: number;
  endsAt: number;
  videoUrl: string;
  status: CalendarMeeting["status"];
  cancelReason: string | null;
  sequence: number;
  updatedAt: number | null;
  createdAt: number;
  cohortName: string;
  facilitatorName: string;
  facilitatorEmail: string;
};

const toCalendarMeeting = (r: Row): CalendarMeeting => ({
  id: r.id,
  startsAt: r.startsAt,
  endsAt: r.endsAt,
  videoUrl: r.videoUrl,
  status: r.status,
  cancelReason: r.cancelReason,
  sequence: r.sequence,
  cohortName: r.cohortName,
  facilitator: { name: r.facilitatorName, email: r.facilitatorEmail },
  updatedAt: r.updatedAt,
  createdAt: r.createdAt,
});

function selectCalendarMeetings() {
  return db()
    .select(calendarColumns)
    .from(meetings)
    .innerJoin(cohorts, eq(cohorts.id, meetings.cohortId))
    .innerJoin(users, eq(users.id, cohorts.facilitatorId));
}

/**
 * One meeting for its .ics download, or null unless the person runs its cohort
 * or is a current member of it (an unknown id gives the same null).
 */
export function meetingForDownload(userId: string, meetingId: string): CalendarMeeting | null {
  const row = selectCalendarMeetings().where(eq(meetings.id, meetingId)).get();
  if (!row || !cohortAccess(userId, row.cohortId)) return null;
  return toCalendarMeeting(row);
}

/**
 * Everything a person's feed shows: the meetings of cohorts they facilitate or
 * are a member of now, from 35 days ago onward, cancelled ones included (so a
 * calendar app that already has them marks them cancelled).
 */
export function feedMeetingsFor(userId: string, now = Date.now()): CalendarMeeting[] {
  const facilitating = db()
    .select({ id: cohorts.id })
    .from(cohorts)
    .where(or(eq(cohorts.facilitatorId, userId), eq(cohorts.coFacilitatorId, userId)));
  const memberOf = db()
    .select({ id: cohortMemberships.cohortId })
    .from(cohortMemberships)
    .where(and(eq(cohortMemberships.userId, userId), isNull(cohortMemberships.leftAt)));
  const from = now - FEED_LOOK_BACK_DAYS * 24 * 60 * 60 * 1000;
  return selectCalendarMeetings()
    .where(
      and(
        or(inArray(meetings.cohortId, facilitating), inArray(meetings.cohortId, memberOf)),
        gte(meetings.endsAt, from),
      ),
    )
    .orderBy(asc(meetings.startsAt), asc(meetings.id))
    .all()
    .map(toCalendarMeeting);
}

/** The person's feed token, made the first time it is asked for. */
/** The person's feed token, if they have asked for a calendar link. */
export function existingFeedToken(userId: string): string | null {
  return db().select({ token: calendarFeeds.token }).from(calendarFeeds).where(eq(calendarFeeds.userId, userId)).get()?.token ?? null;
}

/** The person's feed token, made on their request (POST) the first time. */
export function feedTokenFor(userId: string): string {
  return db().transaction((tx) => {
    const existing = tx.select({ token: calendarFeeds.token }).from(calendarFeeds).where(eq(calendarFeeds.userId, userId)).get();
    if (existing) return existing.token;
    const token = newToken();
    tx.insert(calendarFeeds).values({ userId, token }).run();
    return token;
  }, IMMEDIATE);
}

/** A new feed token: the old link stops working at once (for a link that was shared or leaked). */
export function resetFeedToken(userId: string, ip?: string | null): string {
  return db().transaction((tx) => {
    const token = newToken();
    tx.insert(calendarFeeds)
      .values({ userId, token, createdAt: Date.now() })
      .onConflictDoUpdate({ target: calendarFeeds.userId, set: { token, createdAt: Date.now() } })
      .run();
    audit({ actorId: userId, action: "calendar_feed_reset", targetType: "user", targetId: userId, ip }, tx);
    return token;
  }, IMMEDIATE);
}

const TOKEN_SHAPE = /^[a-z2-7]{20,64}$/;

/** Whose feed a token opens: only an active person's. */
export function userForFeedToken(token: string): { id: string; name: string } | null {
  if (!TOKEN_SHAPE.test(token)) return null;
  const row = db()
    .select({ id: users.id, name: users.name, status: users.status })
    .from(calendarFeeds)
    .innerJoin(users, eq(users.id, calendarFeeds.userId))
    .where(eq(calendarFeeds.token, token))
    .get();
  if (!row || row.status !== "active") return null;
  return { id: row.id, name: row.name };
}
