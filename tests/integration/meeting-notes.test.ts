/**
 * The facilitators' private notes on the live meeting page: saved and read
 * back for the cohort's facilitators only. A member of the set sees the live
 * page without them and cannot save them; another cohort's facilitator and an
 * admin get 403 from both; oversize notes are refused with nothing saved.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, cohortMemberships, cohorts, meetingNotes, meetings } from "~db/schema";
import * as liveRoute from "~/routes/meetings.$meetingId.live";
import { newId } from "~/server/ids.server";
import { cookieFor, db, jsonOf, makePerson, makePlace, makeRequest, run, useTestApp } from "../helpers/app";

useTestApp();

const DAY = 86_400_000;

function makeSet(footprintId: string, opts: { coFacilitator?: boolean } = {}) {
  const facilitator = makePerson({ roles: ["facilitator"] });
  const coFacilitator = opts.coFacilitator ? makePerson({ roles: ["facilitator"] }) : null;
  const member = makePerson({ roles: ["clinical_lead"] });
  const cohortId = newId();
  db()
    .insert(cohorts)
    .values({
      id: cohortId,
      name: `Set ${cohortId.slice(0, 6)}`,
      footprintId,
      termStart: "2020-01-01",
      termEnd: "2099-12-31",
      facilitatorId: facilitator.id,
      coFacilitatorId: coFacilitator?.id ?? null,
    })
    .run();
  db()
    .insert(cohortMemberships)
    .values({ id: newId(), cohortId, userId: member.id, joinedAt: Date.now() - 30 * DAY })
    .run();
  const meetingId = newId();
  const startsAt = Date.now() + 5 * 60_000;
  db()
    .insert(meetings)
    .values({ id: meetingId, cohortId, startsAt, endsAt: startsAt + 2 * 3_600_000, videoUrl: "https://teams.microsoft.com/l/meetup-join/notes" })
    .run();
  return { facilitator, coFacilitator, member, cohortId, meetingId };
}

const path = (meetingId: string) => `/meetings/${meetingId}/live`;

async function load(meetingId: string, cookie: string) {
  return run(liveRoute.loader, makeRequest(path(meetingId), { cookie }), { meetingId });
}

async function save(meetingId: string, cookie: string, notes: string, extra: Record<string, string> = {}) {
  return run(liveRoute.action, makeRequest(path(meetingId), { cookie, form: { intent: "save-notes", notes, ...extra } }), { meetingId });
}

const storedNotes = (meetingId: string) => db().select().from(meetingNotes).where(eq(meetingNotes.meetingId, meetingId)).get();

describe("facilitators' private notes", () => {
  it("are saved by one facilitator and read back by both of the set's facilitators", async () => {
    const place = makePlace();
    const set = makeSet(place.footprintId, { coFacilitator: true });
    const cookie = await cookieFor(set.facilitator.id);

    const empty = await load(set.meetingId, cookie);
    expect(empty.status).toBe(200);
    const before = await jsonOf(empty);
    expect(before.viewer).toMatchObject({ userId: set.facilitator.id, role: "facilitator" });
    expect(before.notes).toEqual({ text: "", updatedAt: null });
    expect(before.meeting).toMatchObject({ id: set.meetingId, status: "scheduled", videoUrl: "https://teams.microsoft.com/l/meetup-join/notes" });

    const text = "Sam seemed quieter than usual; check in with them after.\nAdvice crept in during open questions.";
    const saved = await save(set.meetingId, cookie, text);
    expect(saved.status).toBe(200);
    expect(await jsonOf(saved)).toMatchObject({ ok: true });
    expect(storedNotes(set.meetingId)).toMatchObject({ text, updatedBy: set.facilitator.id });

    const again = await jsonOf(await load(set.meetingId, cookie));
    expect(again.notes.text).toBe(text);
    expect(again.notes.updatedAt).toEqual(expect.any(Number));

    // The co-facilitator reads the same notes and can change them.
    const coCookie = await cookieFor(set.coFacilitator!.id);
    expect((await jsonOf(await load(set.meetingId, coCookie))).notes.text).toBe(text);
    expect((await save(set.meetingId, coCookie, "Replaced by the co-facilitator")).status).toBe(200);
    expect(storedNotes(set.meetingId)).toMatchObject({ text: "Replaced by the co-facilitator", updatedBy: set.coFacilitator!.id });

    // Notes can be emptied.
    expect((await save(set.meetingId, cookie, "")).status).toBe(200);
    expect(storedNotes(set.meetingId)?.text).toBe("");

    // Nothing of the notes reaches the audit log.
    const audited = db().select({ detail: auditLog.detail }).from(auditLog).all();
    expect(JSON.stringify(audited)).not.toContain("quieter");
  });

  it("are not given to a member of the set, who cannot save them either", async () => {
    const place = makePlace();
    const set = makeSet(place.footprintId);
    await save(set.meetingId, await cookieFor(set.facilitator.id), "Only for facilitators");
    const memberCookie = await cookieFor(set.member.id);

    const page = await load(set.meetingId, memberCookie);
    expect(page.status).toBe(200);
    const body = await jsonOf(page);
    expect(body.viewer.role).toBe("member");
    expect(body.notes).toBeNull();
    expect(JSON.stringify(body)).not.toContain("Only for facilitators");

    const refused = await save(set.meetingId, memberCookie, "A member's attempt");
    expect(refused.status).toBe(403);
    expect(storedNotes(set.meetingId)?.text).toBe("Only for facilitators");
  });

  it("are refused to another cohort's facilitator and to an admin (403 on the page and the action)", async () => {
    const place = makePlace();
    const set = makeSet(place.footprintId);
    const other = makeSet(place.footprintId);
    await save(set.meetingId, await cookieFor(set.facilitator.id), "Private to this set");

    const outsider = await cookieFor(other.facilitator.id);
    expect((await load(set.meetingId, outsider)).status).toBe(403);
    expect((await save(set.meetingId, outsider, "Overwritten")).status).toBe(403);

    const admin = await cookieFor(makePerson({ roles: ["admin"] }).id);
    expect((await load(set.meetingId, admin)).status).toBe(403);
    expect((await save(set.meetingId, admin, "Overwritten")).status).toBe(403);

    // A guessed meeting id is the same 403.
    expect((await load("guessed-id", outsider)).status).toBe(403);
    expect(storedNotes(set.meetingId)?.text).toBe("Private to this set");

    // Signed out: to the sign-in page.
    const anonymous = await run(liveRoute.loader, makeRequest(path(set.meetingId)), { meetingId: set.meetingId });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("location")).toMatch(/^\/sign-in/);
  });

  it("refuses notes over 4,000 characters, unknown fields and unknown intents, saving nothing", async () => {
    const place = makePlace();
    const set = makeSet(place.footprintId);
    const cookie = await cookieFor(set.facilitator.id);

    const tooLong = await save(set.meetingId, cookie, "x".repeat(4_001));
    expect(tooLong.status).toBe(400);
    expect((await jsonOf(tooLong)).errors.notes).toMatch(/4,000 characters or fewer/);
    expect(storedNotes(set.meetingId)).toBeUndefined();

    const extra = await save(set.meetingId, cookie, "Fine", { __proto__x: "1" });
    expect(extra.status).toBe(400);
    expect((await jsonOf(extra)).formError).toMatch(/field it does not have/);

    const wrongIntent = await run(liveRoute.action, makeRequest(path(set.meetingId), { cookie, form: { intent: "delete-everything", notes: "Fine" } }), {
      meetingId: set.meetingId,
    });
    expect(wrongIntent.status).toBe(400);
    expect(storedNotes(set.meetingId)).toBeUndefined();

    // Browsers send a textarea's line breaks as CRLF: kept as typed, and counted as one character each.
    expect((await save(set.meetingId, cookie, `${"z".repeat(3_998)}\r\nz`)).status).toBe(200);
    expect(storedNotes(set.meetingId)?.text).toBe(`${"z".repeat(3_998)}\nz`);

    // Exactly at the limit is fine.
    expect((await save(set.meetingId, cookie, "y".repeat(4_000))).status).toBe(200);
    expect(storedNotes(set.meetingId)?.text).toHaveLength(4_000);
  });
});
