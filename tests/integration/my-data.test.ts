/**
 * A person's download of their own data (trust.md, Privacy operations; ADR
 * 0009): GET /account/data.json holds their own details, sets, meetings,
 * actions with their history and sharing, bids and sign-in records; never
 * another member's text or name, never a secret; it is a download that is
 * not cached, and the audit log records it.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  actionReports,
  actions,
  auditLog,
  calendarFeeds,
  cohortMemberships,
  cohorts,
  liveMeetings,
  meetingAttendance,
  meetingNotes,
  meetingPresence,
  meetingResponses,
  meetings,
  sessions,
  sharedItems,
  shareProposals,
  userTokens,
  wellbeingAnswers,
  wellbeingConsents,
} from "~db/schema";
import { initialState } from "~/domain/live/machine";
import type { MeetingState } from "~/domain/live/types";
import { audit } from "~/models/audit.server";
import * as dataRoute from "~/routes/account.data[.]json";
import { newId, newToken, sha256Hex } from "~/server/ids.server";
import { hashPassword } from "~/server/passwords.server";
import { cookieFor, db, makePerson, makePlace, makeRequest, run, useTestApp } from "../helpers/app";

useTestApp();

const DAY = 86_400_000;
const TOTP_KEY = "JBSWY3DPEHPK3PXPJBSWY3DP";
const CALENDAR_TOKEN = newToken();
const RESET_TOKEN = newToken();

let w: {
  me: { id: string; email: string };
  other: { id: string; email: string };
  facilitator: { id: string; email: string };
  cohortId: string;
  meetingId: string;
  myAction: string;
  passwordHash: string;
  cookie: string;
};

beforeAll(async () => {
  const place = makePlace("mydata");
  const passwordHash = await hashPassword("a long enough passphrase for tests");
  const facilitator = makePerson({ roles: ["facilitator"], name: "Fenella Facilitator", email: "fenella@nhs.net" });
  const me = makePerson({ name: "Maya Member", email: "Maya.Member@NHS.net", organisationId: place.organisationId, profession: "midwife", passwordHash, totpKey: TOTP_KEY });
  const other = makePerson({ name: "Oscar Otherperson", email: "oscar.other@nhs.net", organisationId: place.organisationId });
  const now = Date.now();
  const cohortId = newId();
  db()
    .insert(cohorts)
    .values({ id: cohortId, name: "My Data Set A", footprintId: place.footprintId, termStart: "2026-01-01", termEnd: "2027-06-30", facilitatorId: facilitator.id })
    .run();
  for (const p of [me, other]) db().insert(cohortMemberships).values({ id: newId(), cohortId, userId: p.id, joinedAt: now - 100 * DAY }).run();
  const meetingId = newId();
  db().insert(meetings).values({ id: meetingId, cohortId, startsAt: now - 7 * DAY, endsAt: now - 7 * DAY + 7_200_000, videoUrl: "https://teams.microsoft.com/l/mydata" }).run();

  db().insert(meetingResponses).values({ meetingId, userId: me.id, response: "apologies", reason: "My own reason: clinic overran", respondedAt: now - 8 * DAY }).run();
  db().insert(meetingResponses).values({ meetingId, userId: other.id, response: "apologies", reason: "Oscar's private reason", respondedAt: now - 8 * DAY }).run();
  for (const p of [me, other]) {
    db().insert(meetingAttendance).values({ meetingId, userId: p.id, attended: 1, confirmedBy: facilitator.id, confirmedAt: now - 6 * DAY }).run();
    db().insert(meetingPresence).values({ meetingId, userId: p.id, firstJoinedAt: now - 7 * DAY, lastSeenAt: now - 7 * DAY + 3_600_000 }).run();
  }
  db().insert(calendarFeeds).values({ userId: me.id, token: CALENDAR_TOKEN }).run();
  db().insert(userTokens).values({ id: newId(), userId: me.id, kind: "password_reset", tokenHash: sha256Hex(RESET_TOKEN), expiresAt: now + 3_600_000 }).run();

  const myAction = newId();
  const otherAction = newId();
  db()
    .insert(actions)
    .values({ id: myAction, cohortId, meetingId, ownerId: me.id, text: "Maya will pilot a wellbeing huddle", writtenBy: facilitator.id, successMeasure: "Three huddles held", targetDate: "2026-12-31", createdAt: now - 7 * DAY })
    .run();
  db().insert(actions).values({ id: otherAction, cohortId, meetingId, ownerId: other.id, text: "Oscar's action about his manager", writtenBy: other.id, createdAt: now - 7 * DAY }).run();
  const myReport = newId();
  db()
    .insert(actionReports)
    .values({ id: myReport, actionId: myAction, meetingId: null, status: "partly", learned: "Maya learned mornings work", obstacles: "Rota gaps", note: "Maya's progress note", reportedBy: me.id, reportedAt: now - 2 * DAY })
    .run();
  db()
    .insert(actionReports)
    .values({ id: newId(), actionId: otherAction, meetingId: null, status: "not_done", learned: "Oscar's learning", note: "Oscar's note", reportedBy: other.id, reportedAt: now - 2 * DAY })
    .run();
  const shared = newId();
  db().insert(sharedItems).values({ id: shared, kind: "action", text: "A clinician will pilot a wellbeing huddle", footprintId: place.footprintId, month: "2026-11" }).run();
  db()
    .insert(shareProposals)
    .values({ id: newId(), kind: "action", actionId: myAction, meetingId, decision: "share", redactedText: "A clinician will pilot a wellbeing huddle", decidedBy: facilitator.id, decidedAt: now - 6 * DAY, sharedAt: now - DAY, sharedItemId: shared })
    .run();
  db()
    .insert(shareProposals)
    .values({ id: newId(), kind: "report_back", actionId: myAction, reportId: myReport, meetingId, decision: "share", redactedText: "A clinician learned mornings work", decidedBy: facilitator.id, decidedAt: now - DAY })
    .run();
  db().insert(meetingNotes).values({ meetingId, text: "Facilitator's private note about Maya and Oscar", updatedBy: facilitator.id, updatedAt: now - 7 * DAY }).run();

  const state: MeetingState = {
    ...initialState({
      meetingId,
      facilitators: [{ userId: facilitator.id, name: "Fenella Facilitator" }],
      members: [
        { userId: me.id, name: "Maya Member" },
        { userId: other.id, name: "Oscar Otherperson" },
      ],
      openActions: [],
    }),
    bids: [
      { userId: me.id, text: "Maya's bid: handling a difficult rota" },
      { userId: other.id, text: "Oscar's bid: conflict with his manager" },
    ],
    actions: [
      { actionId: myAction, ownerId: me.id, text: "Maya will pilot a wellbeing huddle", writtenBy: facilitator.id, confirmed: true },
      { actionId: "unconfirmed-mine", ownerId: me.id, text: "Maya might write to the board", writtenBy: me.id, confirmed: false },
      { actionId: "unconfirmed-oscar", ownerId: other.id, text: "Oscar might resign", writtenBy: other.id, confirmed: false },
    ],
    announcement: { text: "Oscar Otherperson's turn", at: now - 7 * DAY },
  };
  db().insert(liveMeetings).values({ meetingId, state: JSON.stringify(state), version: 9, updatedAt: now - 7 * DAY }).run();

  // Wellbeing check: Maya's consent and answer, and Oscar's (never in Maya's file).
  db().insert(wellbeingConsents).values({ userId: me.id, consentedAt: now - 7 * DAY }).run();
  db().insert(wellbeingAnswers).values({ id: newId(), userId: me.id, meetingId, footprintId: place.footprintId, measure: "phq4", arrival: 6, phq1: 2, phq2: 1, phq3: 0, phq4: 1, createdAt: now - 7 * DAY }).run();
  db().insert(wellbeingConsents).values({ userId: other.id, consentedAt: now - 7 * DAY }).run();
  db().insert(wellbeingAnswers).values({ id: newId(), userId: other.id, meetingId, footprintId: place.footprintId, measure: "arrival", arrival: 9, createdAt: now - 7 * DAY + 1 }).run();

  // Audit entries: one by Maya, one an admin did to her, one by someone else entirely.
  const adminPerson = makePerson({ roles: ["admin"], name: "Adam Admin", email: "adam.admin@nhs.net" });
  audit({ actorId: me.id, action: "sign_in", targetType: "user", targetId: me.id, ip: "10.1.1.1" });
  audit({ actorId: adminPerson.id, action: "membership_added", targetType: "user", targetId: me.id, detail: { cohortId }, ip: "10.9.9.9" });
  audit({ actorId: other.id, action: "sign_in", targetType: "user", targetId: other.id, ip: "10.2.2.2" });

  w = { me, other, facilitator, cohortId, meetingId, myAction, passwordHash, cookie: await cookieFor(me.id) };
});

async function download(cookie = w.cookie) {
  return run(dataRoute.loader, makeRequest("/account/data.json", { cookie }));
}

describe("downloading your own data", () => {
  it("is a JSON attachment named by today's date, not cached", async () => {
    const res = await download();
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("application/json; charset=utf-8");
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="my-data-\d{4}-\d{2}-\d{2}\.json"$/);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
  });

  it("holds the person's own details, sets, meetings, actions with history and sharing, bids and sign-ins", async () => {
    const data = JSON.parse(await (await download()).text());
    expect(data.profile).toMatchObject({
      id: w.me.id,
      name: "Maya Member",
      email: "Maya.Member@NHS.net",
      profession: "midwife",
      organisation: "Organisation mydata",
      status: "active",
      twoFactorSignIn: true,
      roles: [{ role: "clinical_lead", since: expect.any(String) }],
    });
    expect(data.cohorts.memberships).toEqual([{ cohortId: w.cohortId, cohortName: "My Data Set A", joinedAt: expect.any(String), leftAt: null }]);
    expect(data.meetings.responses).toEqual([
      expect.objectContaining({ meetingId: w.meetingId, response: "apologies", reason: "My own reason: clinic overran" }),
    ]);
    expect(data.meetings.attendance).toEqual([expect.objectContaining({ meetingId: w.meetingId, attended: true })]);
    expect(data.meetings.presence).toHaveLength(1);

    expect(data.actions).toHaveLength(1);
    const action = data.actions[0];
    expect(action).toMatchObject({
      id: w.myAction,
      text: "Maya will pilot a wellbeing huddle",
      successMeasure: "Three huddles held",
      targetDate: "2026-12-31",
      status: "open",
      writtenBy: "someone else",
    });
    expect(action.history).toEqual([
      expect.objectContaining({ status: "partly", learned: "Maya learned mornings work", obstacles: "Rota gaps", note: "Maya's progress note", reportedBy: "you" }),
    ]);
    expect(action.sharing).toEqual([
      expect.objectContaining({ kind: "action", redactedText: "A clinician will pilot a wellbeing huddle", status: "shared" }),
      expect.objectContaining({ kind: "report_back", redactedText: "A clinician learned mornings work", status: expect.stringMatching(/^waiting/) }),
    ]);

    expect(data.liveMeetings.bids).toEqual([{ meetingId: w.meetingId, text: "Maya's bid: handling a difficult rota" }]);
    expect(data.liveMeetings.unconfirmedActions).toEqual([{ meetingId: w.meetingId, text: "Maya might write to the board" }]);

    expect(data.wellbeingCheck.consent).toEqual({ consentedAt: expect.any(String), withdrawnAt: null });
    expect(data.wellbeingCheck.answers).toEqual([
      {
        meetingId: w.meetingId,
        footprintId: expect.any(String),
        measure: "phq4",
        arrival: 6,
        createdAt: expect.any(String),
        phq4: { items: { phq1: 2, phq2: 1, phq3: 0, phq4: 1 }, score: expect.objectContaining({ anxiety: 3, depression: 1, total: 4, anxietyFlag: true, band: "mild" }) },
      },
    ]);

    expect(data.signIn.sessions.length).toBeGreaterThanOrEqual(1);
    expect(data.signIn.sessions[0]).toEqual({ startedAt: expect.any(String), idleExpiresAt: expect.any(String), twoFactorVerified: true });
    expect(data.signIn.links).toEqual([expect.objectContaining({ kind: "password_reset", usedAt: null })]);
    expect(data.signIn.calendarFeed).toEqual({ createdAt: expect.any(String) });

    const actionsInLog = data.auditLog.map((e: { action: string }) => e.action);
    expect(actionsInLog).toEqual(expect.arrayContaining(["sign_in", "membership_added"]));
    const byAdmin = data.auditLog.find((e: { action: string }) => e.action === "membership_added");
    expect(byAdmin).toMatchObject({ by: "someone else", targetId: w.me.id, detail: { cohortId: w.cohortId }, ip: null });
    const mine = data.auditLog.find((e: { action: string }) => e.action === "sign_in");
    expect(mine).toMatchObject({ by: "you", ip: "10.1.1.1" });
  });

  it("holds nothing of anyone else and no secrets", async () => {
    const text = await (await download()).text();
    // Other people: names, addresses and what they said or wrote.
    for (const theirs of [
      "Oscar",
      "oscar.other@nhs.net",
      w.other.id,
      "Fenella",
      "fenella@nhs.net",
      "Adam Admin",
      "adam.admin@nhs.net",
      "10.9.9.9",
      "10.2.2.2",
      "Facilitator's private note",
    ]) {
      expect(text, theirs).not.toContain(theirs);
    }
    // Secrets: password hash, two-factor key, tokens, token hashes, session ids (hashes of cookie tokens).
    const sessionIds = db().select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, w.me.id)).all().map((s) => s.id);
    expect(sessionIds.length).toBeGreaterThan(0);
    for (const secret of [w.passwordHash, "argon2", TOTP_KEY, CALENDAR_TOKEN, RESET_TOKEN, sha256Hex(RESET_TOKEN), w.cookie.split("=")[1], ...sessionIds]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/passwordHash|totpKey|tokenHash|password_hash|totp_key|token_hash/);
  });

  it("writes a data_exported audit entry with who and when, no content", async () => {
    const count = () => db().select().from(auditLog).where(eq(auditLog.action, "data_exported")).all().filter((e) => e.actorId === w.me.id).length;
    const before = count();
    await download();
    expect(count()).toBe(before + 1);
    const entry = db().select().from(auditLog).where(eq(auditLog.action, "data_exported")).all().at(-1)!;
    expect(entry).toMatchObject({ actorId: w.me.id, targetType: "user", targetId: w.me.id, detail: null, ip: "127.0.0.1" });
  });

  it("is only for someone signed in, and only ever their own", async () => {
    const anonymous = await run(dataRoute.loader, makeRequest("/account/data.json"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/sign-in/);

    // Oscar gets his own data, none of Maya's, whatever the query string says.
    const res = await run(dataRoute.loader, makeRequest(`/account/data.json?userId=${w.me.id}`, { cookie: await cookieFor(w.other.id) }));
    const text = await res.text();
    const data = JSON.parse(text);
    expect(data.profile.id).toBe(w.other.id);
    expect(data.liveMeetings.bids).toEqual([{ meetingId: w.meetingId, text: "Oscar's bid: conflict with his manager" }]);
    expect(text).not.toContain("Maya");
    expect(text).not.toContain(w.me.id);
    expect(text).not.toContain("My own reason");
  });
});
