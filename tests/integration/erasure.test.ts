/**
 * Erasing a person (trust.md, Privacy operations; ADR 0009): each kind of
 * their data goes; other people's data, shared items and the audit log stay;
 * refusals (themselves, already erased, facilitating a live cohort); the
 * confirmation page and its typed email; an erased person cannot sign in.
 */
import { eq, inArray } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  actionReports,
  actions,
  auditLog,
  calendarFeeds,
  cohortMemberships,
  cohorts,
  jobs,
  liveMeetings,
  meetingAttendance,
  meetingNotes,
  meetingPresence,
  meetingResponses,
  meetings,
  organisationLeads,
  sessions,
  sharedItems,
  shareProposals,
  signInFailures,
  userRoles,
  users,
  userTokens,
  wellbeingAnswers,
  wellbeingConsents,
} from "~db/schema";
import { initialState } from "~/domain/live/machine";
import type { MeetingState } from "~/domain/live/types";
import { signIn } from "~/models/account.server";
import { audit } from "~/models/audit.server";
import { erasePerson } from "~/models/erasure.server";
import { applyCommand } from "~/models/live-meetings.server";
import * as eraseRoute from "~/routes/admin.people.$personId_.erase";
import * as listRoute from "~/routes/admin.people._index";
import * as personRoute from "~/routes/admin.people.$personId";
import { getCurrentUser } from "~/server/guards.server";
import { newId, newToken, sha256Hex } from "~/server/ids.server";
import { hashPassword } from "~/server/passwords.server";
import { cookieFor, db, jsonOf, makePerson, makePlace, makeRequest, run, useTestApp } from "../helpers/app";

useTestApp();

const DAY = 86_400_000;
const PASSWORD = "a long enough passphrase for tests";
let passwordHash: string;
let admin: { id: string; email: string };
let adminCookie: string;
const actor = () => ({ id: admin.id, name: "Ada Admin", ip: "127.0.0.1" });

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
  admin = makePerson({ roles: ["admin"], name: "Ada Admin" });
  adminCookie = await cookieFor(admin.id);
});

/**
 * A set with a facilitator and two members, Tara (to be erased) and Omar,
 * each with a bit of everything; plus a second live meeting Tara was never in.
 */
async function world() {
  const tag = newId().slice(0, 6);
  const place = makePlace(tag);
  const facilitator = makePerson({ roles: ["facilitator"], name: `Fiona ${tag}` });
  const tara = makePerson({
    roles: ["clinical_lead", "advisory"],
    name: `Tara ${tag}`,
    email: `Tara.${tag}@NHS.net`,
    organisationId: place.organisationId,
    passwordHash,
    totpKey: "JBSWY3DPEHPK3PXP",
  });
  const omar = makePerson({ name: `Omar ${tag}`, organisationId: place.organisationId, passwordHash });
  const cohortId = newId();
  db()
    .insert(cohorts)
    .values({ id: cohortId, name: `Set ${tag}`, footprintId: place.footprintId, termStart: "2026-01-01", termEnd: "2027-12-31", facilitatorId: facilitator.id })
    .run();
  const now = Date.now();
  for (const p of [tara, omar]) db().insert(cohortMemberships).values({ id: newId(), cohortId, userId: p.id, joinedAt: now - 200 * DAY }).run();

  const meetingId = newId();
  const otherMeetingId = newId();
  for (const [id, daysAgo] of [
    [meetingId, 10],
    [otherMeetingId, 40],
  ] as const) {
    const endsAt = now - daysAgo * DAY;
    db().insert(meetings).values({ id, cohortId, startsAt: endsAt - 7_200_000, endsAt, videoUrl: "https://teams.microsoft.com/l/erase" }).run();
  }

  for (const p of [tara, omar]) {
    db().insert(meetingResponses).values({ meetingId, userId: p.id, response: "apologies", reason: `Reason of ${p.id}`, respondedAt: now - 12 * DAY }).run();
    db().insert(meetingAttendance).values({ meetingId, userId: p.id, attended: 1, confirmedBy: facilitator.id, confirmedAt: now - 9 * DAY }).run();
    db().insert(meetingPresence).values({ meetingId, userId: p.id, firstJoinedAt: now - 10 * DAY, lastSeenAt: now - 10 * DAY }).run();
    db().insert(calendarFeeds).values({ userId: p.id, token: newToken() }).run();
    db()
      .insert(jobs)
      .values({ id: newId(), kind: "reminder_1d", dedupeKey: `r1:${meetingId}:${p.id}`, meetingId, userId: p.id, runAt: now + DAY })
      .run();
    db()
      .insert(userTokens)
      .values({ id: newId(), userId: p.id, kind: "password_reset", tokenHash: sha256Hex(newToken()), expiresAt: now + 3_600_000 })
      .run();
  }
  // Tara's name on Omar's records: she recorded his attendance (it becomes null, the record stays).
  db().update(meetingAttendance).set({ confirmedBy: tara.id }).where(eq(meetingAttendance.userId, omar.id)).run();
  db().insert(signInFailures).values({ emailNormalised: tara.email.toLowerCase(), at: now - 60_000 }).run();
  audit({ actorId: tara.id, action: "sign_in_failed", detail: { email: tara.email.toLowerCase() }, ip: "10.0.0.1" });

  // Tara's action, with a report-back and a proposal that was shared; Omar's action, with one Tara wrote and reported.
  const taraAction = newId();
  const omarAction = newId();
  db().insert(actions).values({ id: taraAction, cohortId, meetingId, ownerId: tara.id, text: `Tara's action ${tag}`, writtenBy: tara.id, createdAt: now - 10 * DAY }).run();
  db().insert(actions).values({ id: omarAction, cohortId, meetingId, ownerId: omar.id, text: `Omar's action ${tag}`, writtenBy: tara.id, createdAt: now - 10 * DAY }).run();
  const taraReport = newId();
  const omarReport = newId();
  db()
    .insert(actionReports)
    .values({ id: taraReport, actionId: taraAction, meetingId, status: "partly", learned: `Tara learned ${tag}`, obstacles: "", note: `Tara's note ${tag}`, reportedBy: tara.id, reportedAt: now - 10 * DAY })
    .run();
  db()
    .insert(actionReports)
    .values({ id: omarReport, actionId: omarAction, meetingId, status: "done", learned: `Omar learned ${tag}`, obstacles: "", reportedBy: tara.id, reportedAt: now - 10 * DAY })
    .run();
  const sharedFromTara = newId();
  const sharedFromOmar = newId();
  db().insert(sharedItems).values({ id: sharedFromTara, kind: "action", text: "A clinician will try a huddle", footprintId: place.footprintId, month: "2026-10" }).run();
  db().insert(sharedItems).values({ id: sharedFromOmar, kind: "action", text: "A clinician will map the pathway", footprintId: place.footprintId, month: "2026-10" }).run();
  const taraProposal = newId();
  const omarProposal = newId();
  db()
    .insert(shareProposals)
    .values({ id: taraProposal, kind: "action", actionId: taraAction, meetingId, decision: "share", redactedText: "A clinician will try a huddle", decidedBy: facilitator.id, decidedAt: now - 9 * DAY, sharedAt: now - 2 * DAY, sharedItemId: sharedFromTara })
    .run();
  db()
    .insert(shareProposals)
    .values({ id: omarProposal, kind: "action", actionId: omarAction, meetingId, decision: "share", redactedText: "A clinician will map the pathway", decidedBy: tara.id, decidedAt: now - 9 * DAY, sharedAt: now - 2 * DAY, sharedItemId: sharedFromOmar })
    .run();

  db().insert(meetingNotes).values({ meetingId, text: `Facilitator notes ${tag}`, updatedBy: tara.id, updatedAt: now - 10 * DAY }).run();

  // Wellbeing check consent and answers, and who leads the organisation's self-assessment (Tara named Omar).
  for (const p of [tara, omar]) {
    db().insert(wellbeingConsents).values({ userId: p.id, consentedAt: now - 10 * DAY }).run();
    db().insert(wellbeingAnswers).values({ id: newId(), userId: p.id, meetingId, footprintId: place.footprintId, measure: "arrival", arrival: 5, createdAt: now - 10 * DAY }).run();
  }
  db().insert(organisationLeads).values({ organisationId: place.organisationId, userId: tara.id, createdBy: tara.id, createdAt: now - 20 * DAY }).run();
  db().insert(organisationLeads).values({ organisationId: place.organisationId, userId: omar.id, createdBy: tara.id, createdAt: now - 20 * DAY }).run();

  const people = {
    facilitators: [{ userId: facilitator.id, name: `Fiona ${tag}` }],
    members: [
      { userId: omar.id, name: `Omar ${tag}` },
      { userId: tara.id, name: `Tara ${tag}` },
    ],
  };
  const state: MeetingState = {
    ...initialState({
      meetingId,
      ...people,
      openActions: [
        { actionId: "earlier-tara", ownerId: tara.id, text: `Tara's earlier action ${tag}` },
        { actionId: "earlier-omar", ownerId: omar.id, text: `Omar's earlier action ${tag}` },
      ],
    }),
    version: 30,
    bids: [
      { userId: omar.id, text: `Omar's bid ${tag}` },
      { userId: tara.id, text: `Tara's bid ${tag}` },
    ],
    presenters: [{ userId: tara.id, airtimeMinutes: 20 }],
    actions: [
      { actionId: taraAction, ownerId: tara.id, text: `Tara's action ${tag}`, writtenBy: tara.id, confirmed: true },
      { actionId: omarAction, ownerId: omar.id, text: `Omar's action ${tag}`, writtenBy: tara.id, confirmed: true },
    ],
    reports: [
      { actionId: "earlier-tara", ownerId: tara.id, status: "partly", learned: `Tara learned ${tag}`, obstacles: "" },
      { actionId: "earlier-omar", ownerId: omar.id, status: "done", learned: `Omar learned ${tag}`, obstacles: "" },
    ],
    announcement: { text: `Tara ${tag}'s turn`, at: now - 10 * DAY },
  };
  db().insert(liveMeetings).values({ meetingId, state: JSON.stringify(state), version: 30, updatedAt: now - 10 * DAY }).run();
  const otherState: MeetingState = {
    ...initialState({ meetingId: otherMeetingId, facilitators: people.facilitators, members: [people.members[0]], openActions: [] }),
    version: 4,
    bids: [{ userId: omar.id, text: `Omar's other bid ${tag}` }],
  };
  db().insert(liveMeetings).values({ meetingId: otherMeetingId, state: JSON.stringify(otherState), version: 4, updatedAt: now - 40 * DAY }).run();

  return {
    tag,
    place,
    facilitator,
    tara,
    omar,
    cohortId,
    meetingId,
    otherMeetingId,
    taraAction,
    omarAction,
    taraReport,
    omarReport,
    taraProposal,
    omarProposal,
    sharedFromTara,
    sharedFromOmar,
    taraCookie: await cookieFor(tara.id),
    omarCookie: await cookieFor(omar.id),
  };
}

const userRow = (id: string) => db().select().from(users).where(eq(users.id, id)).get()!;
const liveRow = (meetingId: string) => db().select().from(liveMeetings).where(eq(liveMeetings.meetingId, meetingId)).get()!;

/** Every row that belongs to this person (by user id), table by table. */
function rowsOf(userId: string) {
  return {
    roles: db().select().from(userRoles).where(eq(userRoles.userId, userId)).all(),
    sessions: db().select().from(sessions).where(eq(sessions.userId, userId)).all(),
    tokens: db().select().from(userTokens).where(eq(userTokens.userId, userId)).all(),
    feeds: db().select().from(calendarFeeds).where(eq(calendarFeeds.userId, userId)).all(),
    presence: db().select().from(meetingPresence).where(eq(meetingPresence.userId, userId)).all(),
    responses: db().select().from(meetingResponses).where(eq(meetingResponses.userId, userId)).all(),
    attendance: db().select().from(meetingAttendance).where(eq(meetingAttendance.userId, userId)).all(),
    jobs: db().select().from(jobs).where(eq(jobs.userId, userId)).all(),
    memberships: db().select().from(cohortMemberships).where(eq(cohortMemberships.userId, userId)).all(),
    actions: db().select().from(actions).where(eq(actions.ownerId, userId)).all(),
    wellbeingConsents: db().select().from(wellbeingConsents).where(eq(wellbeingConsents.userId, userId)).all(),
    wellbeingAnswers: db().select().from(wellbeingAnswers).where(eq(wellbeingAnswers.userId, userId)).all(),
    organisationLeads: db().select().from(organisationLeads).where(eq(organisationLeads.userId, userId)).all(),
  };
}

describe("erasing a person", () => {
  it("removes each kind of their data, keeps everyone else's and the shared items, and records it", async () => {
    const w = await world();
    const omarBefore = rowsOf(w.omar.id);
    const facilitatorBefore = rowsOf(w.facilitator.id);
    const sharedBefore = db().select().from(sharedItems).all();
    const otherLiveBefore = liveRow(w.otherMeetingId);
    const usersBefore = db().select().from(users).where(inArray(users.id, [w.omar.id, w.facilitator.id, admin.id])).all();

    expect(await erasePerson(w.tara.id, actor())).toEqual({ ok: true });

    // Each thing of theirs is gone.
    expect(rowsOf(w.tara.id)).toEqual({
      roles: [],
      sessions: [],
      tokens: [],
      feeds: [],
      presence: [],
      responses: [],
      attendance: [],
      jobs: [],
      memberships: [],
      actions: [],
      wellbeingConsents: [],
      wellbeingAnswers: [],
      organisationLeads: [],
    });
    expect(db().select().from(signInFailures).where(eq(signInFailures.emailNormalised, w.tara.email.toLowerCase())).all()).toEqual([]);
    // Their action's history and sharing decision went with it (cascade)...
    expect(db().select().from(actionReports).where(eq(actionReports.id, w.taraReport)).all()).toEqual([]);
    expect(db().select().from(shareProposals).where(eq(shareProposals.id, w.taraProposal)).all()).toEqual([]);
    // ...but shared items are anonymous and stay exactly as they were.
    expect(db().select().from(sharedItems).all()).toEqual(sharedBefore);

    // The row is a tombstone.
    const row = userRow(w.tara.id);
    expect(row).toMatchObject({
      name: "Erased person",
      email: `erased-${w.tara.id}@invalid`,
      emailNormalised: `erased-${w.tara.id}@invalid`,
      organisationId: null,
      status: "erased",
      passwordHash: null,
      totpKey: null,
      totpPendingKey: null,
      totpPendingAt: null,
      totpLastStep: null,
    });
    expect(row.erasedAt).toEqual(expect.any(Number));

    // Other people's records stay; only Tara's name comes off them.
    expect(rowsOf(w.omar.id)).toEqual({
      ...omarBefore,
      attendance: omarBefore.attendance.map((a) => ({ ...a, confirmedBy: null })),
      actions: omarBefore.actions.map((a) => ({ ...a, writtenBy: null })),
      // Omar stays a lead; that Tara named him is no longer recorded.
      organisationLeads: omarBefore.organisationLeads.map((l) => ({ ...l, createdBy: null })),
    });
    expect(rowsOf(w.facilitator.id)).toEqual(facilitatorBefore);
    expect(db().select().from(users).where(inArray(users.id, [w.omar.id, w.facilitator.id, admin.id])).all()).toEqual(usersBefore);
    expect(db().select().from(actionReports).where(eq(actionReports.id, w.omarReport)).get()).toMatchObject({
      learned: `Omar learned ${w.tag}`,
      reportedBy: null,
    });
    expect(db().select().from(shareProposals).where(eq(shareProposals.id, w.omarProposal)).get()).toMatchObject({
      sharedItemId: w.sharedFromOmar,
      decidedBy: null,
    });
    expect(db().select().from(meetingNotes).where(eq(meetingNotes.meetingId, w.meetingId)).get()).toMatchObject({
      text: `Facilitator notes ${w.tag}`,
      updatedBy: null,
    });

    // The live record: Tara is "Erased person"; her bid, actions, report-backs and open actions are gone; Omar's stay.
    const live = liveRow(w.meetingId);
    expect(live.version).toBe(31);
    const state = JSON.parse(live.state) as MeetingState;
    expect(state.version).toBe(31);
    expect(state.members).toEqual([
      { userId: w.omar.id, name: `Omar ${w.tag}` },
      { userId: w.tara.id, name: "Erased person" },
    ]);
    expect(state.facilitators).toEqual([{ userId: w.facilitator.id, name: `Fiona ${w.tag}` }]);
    expect(state.bids).toEqual([{ userId: w.omar.id, text: `Omar's bid ${w.tag}` }]);
    expect(state.actions.map((a) => a.actionId)).toEqual([w.omarAction]);
    expect(state.reports.map((r) => r.ownerId)).toEqual([w.omar.id]);
    expect(state.openActions.map((a) => a.ownerId)).toEqual([w.omar.id]);
    expect(state.announcement).toBeNull();
    expect(live.state).not.toContain(`Tara ${w.tag}`);
    expect(live.state).not.toContain("Tara's");
    // A live record she was never in is untouched.
    expect(liveRow(w.otherMeetingId)).toEqual(otherLiveBefore);

    // The audit log says who erased whom, by id only; her old address is gone from it.
    const entries = db().select().from(auditLog).where(eq(auditLog.action, "person_erased")).all();
    const entry = entries.find((e) => e.targetId === w.tara.id)!;
    expect(entry).toMatchObject({ actorId: admin.id, targetType: "user", targetId: w.tara.id, ip: "127.0.0.1" });
    expect(JSON.parse(entry.detail!)).toEqual({ previousStatus: "active", memberships: 1, actions: 1, liveMeetings: 1 });
    const allAudit = JSON.stringify(db().select().from(auditLog).all());
    expect(allAudit).not.toContain(w.tara.email.toLowerCase());
    expect(allAudit).not.toContain(`Tara ${w.tag}`);
    // Her own earlier entries stay, pointing at the tombstone.
    expect(db().select().from(auditLog).where(eq(auditLog.actorId, w.tara.id)).all()).toHaveLength(1);
  });

  it("leaves them unable to sign in, and ends the session they had", async () => {
    const w = await world();
    expect((await signIn({ email: w.tara.email, password: PASSWORD, ip: "127.0.0.1" })).ok).toBe(true);
    expect(await getCurrentUser(makeRequest("/", { cookie: w.taraCookie }))).not.toBeNull();

    expect((await erasePerson(w.tara.id, actor())).ok).toBe(true);

    expect(await getCurrentUser(makeRequest("/", { cookie: w.taraCookie }))).toBeNull();
    expect(await signIn({ email: w.tara.email, password: PASSWORD, ip: "127.0.0.1" })).toEqual({ ok: false, reason: "invalid" });
    expect(await signIn({ email: `erased-${w.tara.id}@invalid`, password: PASSWORD, ip: "127.0.0.1" })).toEqual({ ok: false, reason: "invalid" });
    // Omar still can.
    expect(await getCurrentUser(makeRequest("/", { cookie: w.omarCookie }))).not.toBeNull();
  });

  it("refuses to erase the admin themselves, someone already erased, or a facilitator of a cohort that is not archived", async () => {
    const w = await world();
    const self = await erasePerson(admin.id, actor());
    expect(self).toMatchObject({ ok: false, reason: "self" });
    expect(userRow(admin.id).status).toBe("active");

    const facilitating = await erasePerson(w.facilitator.id, actor());
    expect(facilitating).toMatchObject({ ok: false, reason: "facilitator", cohorts: [{ id: w.cohortId, name: `Set ${w.tag}` }] });
    if (!facilitating.ok) expect(facilitating.message).toMatch(/different facilitator or co-facilitator/);
    expect(userRow(w.facilitator.id).status).toBe("active");

    // A co-facilitator too.
    const co = makePerson({ roles: ["facilitator"] });
    db().update(cohorts).set({ coFacilitatorId: co.id }).where(eq(cohorts.id, w.cohortId)).run();
    expect(await erasePerson(co.id, actor())).toMatchObject({ ok: false, reason: "facilitator" });

    // Once the cohort is archived, they can be erased; the archived cohort still points at the tombstone.
    db().update(cohorts).set({ archivedAt: Date.now() }).where(eq(cohorts.id, w.cohortId)).run();
    expect(await erasePerson(w.facilitator.id, actor())).toEqual({ ok: true });
    expect(db().select().from(cohorts).where(eq(cohorts.id, w.cohortId)).get()?.facilitatorId).toBe(w.facilitator.id);
    expect(userRow(w.facilitator.id).name).toBe("Erased person");

    const again = await erasePerson(w.facilitator.id, actor());
    expect(again).toMatchObject({ ok: false, reason: "already-erased" });
    expect(db().select().from(auditLog).where(eq(auditLog.targetId, w.facilitator.id)).all().filter((e) => e.action === "person_erased")).toHaveLength(1);

    expect(await erasePerson("no-such-person", actor())).toMatchObject({ ok: false, reason: "not-found" });
  });
});

describe("erasing someone while the live meeting server holds their meeting in memory", () => {
  it("does not let the cached state write their bid or name back", async () => {
    const w = await world();
    const row = liveRow(w.meetingId);
    const bidding: MeetingState = {
      ...(JSON.parse(row.state) as MeetingState),
      position: { stage: "bids", presenterIndex: null, step: null },
      agreed: [w.omar.id, w.tara.id],
    };
    db().update(liveMeetings).set({ state: JSON.stringify(bidding) }).where(eq(liveMeetings.meetingId, w.meetingId)).run();
    const omar = { userId: w.omar.id, role: "member" as const };
    // This command leaves the state, with Tara's bid, in the server's memory.
    const first = applyCommand({ meetingId: w.meetingId, opId: newId(), command: { type: "setBid", text: "Omar's first bid" }, actor: omar, now: Date.now() });
    expect(first.ok).toBe(true);

    expect((await erasePerson(w.tara.id, actor())).ok).toBe(true);

    const next = applyCommand({ meetingId: w.meetingId, opId: newId(), command: { type: "setBid", text: "Omar's second bid" }, actor: omar, now: Date.now() });
    expect(next.ok).toBe(true);
    const state = JSON.parse(liveRow(w.meetingId).state) as MeetingState;
    expect(state.bids).toEqual([{ userId: w.omar.id, text: "Omar's second bid" }]);
    expect(state.members.find((m) => m.userId === w.tara.id)?.name).toBe("Erased person");
    expect(liveRow(w.meetingId).state).not.toContain(`Tara ${w.tag}`);
  });
});

describe("the erase page", () => {
  const path = (id: string) => `/admin/people/${id}/erase`;

  it("shows admins what will happen and erases nothing on GET; others get 403", async () => {
    const w = await world();
    const page = await run(eraseRoute.loader, makeRequest(path(w.tara.id), { cookie: adminCookie }), { personId: w.tara.id });
    expect(page.status).toBe(200);
    expect(await jsonOf(page)).toEqual({
      person: { id: w.tara.id, name: `Tara ${w.tag}`, email: w.tara.email, status: "active" },
      refusal: null,
    });
    expect(userRow(w.tara.id).status).toBe("active");

    const facilitatorPage = await jsonOf(await run(eraseRoute.loader, makeRequest(path(w.facilitator.id), { cookie: adminCookie }), { personId: w.facilitator.id }));
    expect(facilitatorPage.refusal.cohorts).toEqual([{ id: w.cohortId, name: `Set ${w.tag}` }]);

    expect((await run(eraseRoute.loader, makeRequest(path(w.tara.id), { cookie: w.omarCookie }), { personId: w.tara.id })).status).toBe(403);
    const post = await run(eraseRoute.action, makeRequest(path(w.tara.id), { cookie: w.omarCookie, form: { email: w.tara.email } }), { personId: w.tara.id });
    expect(post.status).toBe(403);
    const anonymous = await run(eraseRoute.action, makeRequest(path(w.tara.id), { form: { email: w.tara.email } }), { personId: w.tara.id });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/sign-in/);
    expect(userRow(w.tara.id).status).toBe("active");
    expect((await run(eraseRoute.loader, makeRequest(path("nobody"), { cookie: adminCookie }), { personId: "nobody" })).status).toBe(404);
  });

  it("needs their email address typed exactly, keeping what was typed when it does not match", async () => {
    const w = await world();
    const erase = (form: Record<string, string>) =>
      run(eraseRoute.action, makeRequest(path(w.tara.id), { cookie: adminCookie, form }), { personId: w.tara.id });

    const empty = await erase({ email: "" });
    expect(empty.status).toBe(400);
    expect((await jsonOf(empty)).errors.email).toBe("Enter their email address to confirm");

    const wrong = await erase({ email: "someone.else@nhs.net" });
    expect(wrong.status).toBe(400);
    const body = await jsonOf(wrong);
    expect(body.errors.email).toMatch(/does not match/);
    expect(body.values.email).toBe("someone.else@nhs.net");

    const extra = await erase({ email: w.tara.email, confirm: "yes" });
    expect(extra.status).toBe(400);
    expect((await jsonOf(extra)).formError).toMatch(/field it does not have/);
    expect(userRow(w.tara.id).status).toBe("active");

    // Case and spaces do not matter.
    const done = await erase({ email: `  ${w.tara.email.toUpperCase()} ` });
    expect(done.status).toBe(302);
    expect(done.headers.get("Location")).toBe("/admin/people?notice=erased");
    expect(userRow(w.tara.id).status).toBe("erased");

    // A second attempt is refused with a message, not a crash.
    const again = await run(eraseRoute.action, makeRequest(path(w.tara.id), { cookie: adminCookie, form: { email: `erased-${w.tara.id}@invalid` } }), { personId: w.tara.id });
    expect(again.status).toBe(400);
    expect((await jsonOf(again)).formError).toMatch(/already been erased/);
  });

  it("refuses a facilitator of a live cohort on POST too", async () => {
    const w = await world();
    const res = await run(eraseRoute.action, makeRequest(path(w.facilitator.id), { cookie: adminCookie, form: { email: `${w.facilitator.email}` } }), {
      personId: w.facilitator.id,
    });
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).formError).toMatch(/facilitates a cohort/);
    expect(userRow(w.facilitator.id).status).toBe("active");
  });

  it("leaves a record on the person page that can no longer be changed", async () => {
    const w = await world();
    expect((await erasePerson(w.tara.id, actor())).ok).toBe(true);

    const page = await jsonOf(await run(personRoute.loader, makeRequest(`/admin/people/${w.tara.id}`, { cookie: adminCookie }), { personId: w.tara.id }));
    expect(page.person).toMatchObject({ name: "Erased person", status: "erased", roles: [] });

    const forms: Array<Record<string, string | string[]>> = [
      { intent: "deactivate" },
      { intent: "reactivate" },
      { intent: "resend" },
      { intent: "update", name: "Tara Back", email: w.tara.email, organisationId: w.place.organisationId, profession: "nurse", roles: ["clinical_lead"] },
    ];
    for (const form of forms) {
      const res = await run(personRoute.action, makeRequest(`/admin/people/${w.tara.id}`, { cookie: adminCookie, form }), { personId: w.tara.id });
      expect(res.status, String(form.intent)).toBe(400);
      expect((await jsonOf(res)).formError).toMatch(/has been erased/);
    }
    expect(userRow(w.tara.id)).toMatchObject({ name: "Erased person", status: "erased", email: `erased-${w.tara.id}@invalid` });
    expect(rowsOf(w.tara.id).roles).toEqual([]);

    // The people list shows them as erased, still findable by status.
    const list = await jsonOf(await run(listRoute.loader, makeRequest("/admin/people?status=erased", { cookie: adminCookie })));
    expect(list.people.map((p: { id: string }) => p.id)).toContain(w.tara.id);
    const tombstones = db().select().from(users).where(eq(users.status, "erased")).all();
    expect(tombstones.every((u) => u.name === "Erased person" && u.passwordHash === null)).toBe(true);
  });
});
