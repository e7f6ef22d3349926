/**
 * The CSV import, against the demo seed (so the e2e fixture files are checked
 * against the same organisations the end-to-end tests will meet).
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { and, count, eq, inArray, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, cohortMemberships, cohorts, footprints, organisations, userRoles, users } from "~db/schema";
import { seedDemo } from "~db/seed";
import * as importRoute from "~/routes/admin.cohorts.$cohortId.import";
import { newId } from "~/server/ids.server";
import { cookieFor, db, jsonOf, makePerson, makeRequest, run, useTestApp } from "../helpers/app";

const state = useTestApp();

const HEADER = "name,email,organisation,profession";
const fixture = (name: string) => readFileSync(resolve("e2e/fixtures", name), "utf8");
const FIXTURE_EMAILS = ["grace.adebayo@example.com", "tomasz.kowalski@example.com", "mei.lin.chen@example.com", "aoife.byrne@example.com", "raj.patel@example.com"];

let adminCookie: string;
let adminId: string;
let footprintId: string;
const byEmail = (email: string) => db().select().from(users).where(eq(users.emailNormalised, email.toLowerCase())).get();
const idOf = (email: string) => byEmail(email)!.id;
const orgId = (name: string) => db().select().from(organisations).where(eq(organisations.name, name)).get()!.id;

beforeAll(async () => {
  await seedDemo(state.services.conn);
  adminId = idOf("admin@example.com");
  adminCookie = await cookieFor(adminId);
  footprintId = db().select().from(footprints).where(eq(footprints.name, "Greater Manchester")).get()!.id;
});

/** A fresh cohort run by the demo facilitators, so tests do not share members. */
function makeCohort(opts: { coFacilitator?: boolean; archived?: boolean } = {}) {
  const id = newId();
  db()
    .insert(cohorts)
    .values({
      id,
      name: `Import Set ${id}`,
      footprintId,
      termStart: "2026-09-01",
      termEnd: "2099-07-31",
      facilitatorId: idOf("facilitator@example.com"),
      coFacilitatorId: opts.coFacilitator ? idOf("facilitator2@example.com") : null,
      archivedAt: opts.archived ? Date.now() : null,
    })
    .run();
  return id;
}

const csv = (text: string, name = "members.csv") => new File([text], name, { type: "text/csv" });

/** `cookie: null` sends the request signed out. */
function upload(cohortId: string, file?: File, cookie: string | null = adminCookie) {
  return run(
    importRoute.action,
    makeRequest(`/admin/cohorts/${cohortId}/import`, { cookie: cookie ?? undefined, form: (file ? { file } : {}) as never, method: "POST" }),
    { cohortId },
  );
}

const currentMembers = (cohortId: string) =>
  db()
    .select({ userId: cohortMemberships.userId, joinedAt: cohortMemberships.joinedAt })
    .from(cohortMemberships)
    .where(and(eq(cohortMemberships.cohortId, cohortId), isNull(cohortMemberships.leftAt)))
    .all();

const rolesOf = (userId: string) =>
  db().select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)).all().map((r) => r.role).sort();

const importAudits = (cohortId: string) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, "cohort_import"), eq(auditLog.targetId, cohortId)))
    .all();

const userCount = () => db().select({ n: count() }).from(users).get()!.n;

describe("importing members from a CSV file", () => {
  it("imports nothing from a file with one bad row and says which line; the corrected file then imports everyone in one go", async () => {
    const cohortId = makeCohort();
    const usersBefore = userCount();
    const mailsBefore = state.mailer.sent.length;

    const bad = await upload(cohortId, csv(fixture("cohort-members-bad.csv")));
    expect(bad.status).toBe(400);
    const body = await jsonOf(bad);
    expect(body.formError).toBe("No one was imported. 1 row has a problem: correct it and upload the whole file again.");
    expect(body.errors.file).toMatch(/Correct the rows listed/);
    expect(body.problems).toEqual([
      { line: 4, name: "Mei Lin Chen", email: "mei.lin.chen@example.com", reasons: [expect.stringMatching(/^Profession "Surgeon" is not known/)] },
    ]);
    expect(userCount()).toBe(usersBefore);
    expect(db().select().from(users).where(inArray(users.emailNormalised, FIXTURE_EMAILS)).all()).toEqual([]);
    expect(currentMembers(cohortId)).toEqual([]);
    expect(state.mailer.sent.length).toBe(mailsBefore);
    expect(importAudits(cohortId)).toEqual([]);

    const good = await upload(cohortId, csv(fixture("cohort-members-good.csv")));
    expect(good.status).toBe(302);
    expect(good.headers.get("Location")).toBe(`/admin/cohorts/${cohortId}?notice=imported&added=5&invited=5&unsent=0`);
    expect(userCount()).toBe(usersBefore + 5);
    const members = currentMembers(cohortId);
    expect(members.map((m) => m.userId).sort()).toEqual(FIXTURE_EMAILS.map(idOf).sort());
    expect(new Set(members.map((m) => m.joinedAt)).size).toBe(1);

    const mei = byEmail("mei.lin.chen@example.com")!;
    expect(mei).toMatchObject({ name: "Mei Lin Chen", status: "invited", profession: "ahp", organisationId: orgId("Manchester University NHS Foundation Trust") });
    expect(byEmail("aoife.byrne@example.com")).toMatchObject({ profession: "gp", organisationId: orgId("Fylde Coast GP Federation (demo)") });
    for (const email of FIXTURE_EMAILS) expect(rolesOf(idOf(email))).toEqual(["clinical_lead"]);

    const sent = state.mailer.sent.slice(mailsBefore);
    expect(sent.map((m) => m.to).sort()).toEqual([...FIXTURE_EMAILS].sort());
    expect(sent.every((m) => /\/invitation\/[a-z0-9]+/.test(m.body))).toBe(true);
    expect(sent.find((m) => m.to === "grace.adebayo@example.com")!.body).toMatch(/Amina Rahman has invited you/);

    const [entry] = importAudits(cohortId);
    expect(entry.actorId).toBe(adminId);
    expect(JSON.parse(entry.detail!)).toEqual({ cohortId, added: 5, invited: 5, existing: 0 });
    const added = db().select().from(auditLog).where(and(eq(auditLog.action, "membership_added"), inArray(auditLog.targetId, FIXTURE_EMAILS.map(idOf)))).all();
    expect(added).toHaveLength(5);
  });

  it("reuses people already in the service (matched by email in any case), adds the clinical lead role if missing, and invites only new people", async () => {
    const cohortId = makeCohort();
    const waiting = makePerson({ roles: ["clinical_lead"], name: "Wendy Waiting", email: "wendy.waiting@example.com", status: "invited" });
    const usersBefore = userCount();
    const mailsBefore = state.mailer.sent.length;
    const text = [
      "Profession,Organisation,Email,Name",
      "Nurse,Liverpool University Hospitals NHS Foundation Trust,LEAD@Example.com,Someone Else Entirely",
      "Doctor,R0A,advisory@example.com,Tom Okafor",
      "Nurse,rem,Wendy.Waiting@example.com,Wendy Waiting",
      "allied health professional,RXN,new.person@example.com,Nia Newcomer",
    ].join("\r\n");
    const res = await upload(cohortId, csv(`\uFEFF${text}`));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/admin/cohorts/${cohortId}?notice=imported&added=4&invited=1&unsent=0`);
    expect(userCount()).toBe(usersBefore + 1);

    const sarah = byEmail("lead@example.com")!;
    expect(sarah.name).toBe("Sarah Whitfield");
    expect(rolesOf(idOf("advisory@example.com"))).toEqual(["advisory", "clinical_lead"]);
    expect(db().select().from(auditLog).where(and(eq(auditLog.action, "role_added"), eq(auditLog.targetId, idOf("advisory@example.com")))).all()).toHaveLength(1);
    expect(byEmail("new.person@example.com")).toMatchObject({ name: "Nia Newcomer", profession: "ahp", status: "invited", organisationId: orgId("Lancashire Teaching Hospitals NHS Foundation Trust") });
    expect(currentMembers(cohortId).map((m) => m.userId).sort()).toEqual(
      [sarah.id, idOf("advisory@example.com"), waiting.id, idOf("new.person@example.com")].sort(),
    );
    expect(state.mailer.sent.slice(mailsBefore).map((m) => m.to)).toEqual(["new.person@example.com"]);
    expect(JSON.parse(importAudits(cohortId)[0].detail!)).toEqual({ cohortId, added: 4, invited: 1, existing: 3 });
  });

  it("lists every bad row with its line and reason, and imports none of the good ones", async () => {
    const cohortId = makeCohort({ coFacilitator: true });
    const member = makePerson({ roles: ["clinical_lead"], email: "current.member@example.com" });
    db().insert(cohortMemberships).values({ id: newId(), cohortId, userId: member.id, joinedAt: Date.now() }).run();
    makePerson({ roles: ["clinical_lead"], email: "switched.off@example.com", status: "deactivated" });
    const usersBefore = userCount();
    const text = [
      HEADER,
      "Good Person,good.person@example.com,Mersey Care NHS Foundation Trust,Nurse", // 2
      ",no.name@example.com,Mersey Care NHS Foundation Trust,Nurse", // 3
      "Bad Email,not-an-email,Mersey Care NHS Foundation Trust,Nurse", // 4
      "Lost Org,lost.org@example.com,St Elsewhere General,Nurse", // 5
      "Odd Job,odd.job@example.com,Mersey Care NHS Foundation Trust,Astronaut", // 6
      "Good Again,GOOD.PERSON@example.com,Mersey Care NHS Foundation Trust,Nurse", // 7
      "Current Member,current.member@example.com,Mersey Care NHS Foundation Trust,Nurse", // 8
      "Switched Off,switched.off@example.com,Mersey Care NHS Foundation Trust,Nurse", // 9
      "Priya Shah,facilitator@example.com,Mersey Care NHS Foundation Trust,Psychologist", // 10
      "Gareth Lloyd,facilitator2@example.com,Mersey Care NHS Foundation Trust,Nurse", // 11
      "Another Good,another.good@example.com,Mersey Care NHS Foundation Trust,Nurse", // 12
    ].join("\n");
    const res = await upload(cohortId, csv(text));
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.formError).toMatch(/^No one was imported\. 9 rows have problems/);
    const reasons = Object.fromEntries(body.problems.map((p: { line: number; reasons: string[] }) => [p.line, p.reasons.join(" | ")]));
    expect(Object.keys(reasons).map(Number)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(reasons[3]).toMatch(/Name is missing/);
    expect(reasons[4]).toMatch(/Email address "not-an-email" is not valid/);
    expect(reasons[5]).toMatch(/Organisation "St Elsewhere General" is not known/);
    expect(reasons[6]).toMatch(/Profession "Astronaut" is not known/);
    expect(reasons[7]).toMatch(/same email address is on line 2/);
    expect(reasons[8]).toMatch(/already a member of this cohort/);
    expect(reasons[9]).toMatch(/deactivated/);
    expect(reasons[10]).toMatch(/facilitates this cohort/);
    expect(reasons[11]).toMatch(/facilitates this cohort/);
    expect(userCount()).toBe(usersBefore);
    expect(currentMembers(cohortId).map((m) => m.userId)).toEqual([member.id]);
    expect(importAudits(cohortId)).toEqual([]);
  });

  it.each([
    ["no file chosen", undefined, /Select a CSV file/],
    ["an empty file", csv(""), /The selected file is empty/],
    ["a file that is not a CSV", csv(`${HEADER}\nA,a@example.com,RXN,Nurse\n`, "members.xlsx"), /must be a CSV file/],
    ["a file of blank lines", csv("\n\n  \n"), /The selected file is empty/],
    ["a header and no people", csv(`${HEADER}\n`), /column headings but no people/],
    ["wrong headings", csv("full name,email,organisation,job\nA,a@example.com,RXN,Nurse\n"), /missing name and profession; not expected "full name" and "job"/],
    [
      "more than 200 people",
      csv([HEADER, ...Array.from({ length: 201 }, (_, i) => `P ${i},many${i}@example.com,RXN,Nurse`)].join("\n")),
      /201 people\. Import at most 200/,
    ],
    ["a file over 512 KB", csv(`${HEADER}\n${"x".repeat(600 * 1024)}`), /smaller than 512 KB/],
  ])("refuses %s with a message beside the file field", async (_what, file, message) => {
    const cohortId = makeCohort();
    const usersBefore = userCount();
    const res = await upload(cohortId, file);
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).errors.file).toMatch(message);
    expect(userCount()).toBe(usersBefore);
    expect(currentMembers(cohortId)).toEqual([]);
  });

  it("keeps the import when an invitation email cannot be sent, and says how many were not sent", async () => {
    const cohortId = makeCohort();
    state.mailer.fail = true;
    try {
      const res = await upload(cohortId, csv(`${HEADER}\nMail Less,mail.less@example.com,RXN,Nurse\nMail Less Two,mail.less2@example.com,RXN,Nurse\n`));
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toMatch(/added=2&invited=2&unsent=2$/);
    } finally {
      state.mailer.fail = false;
    }
    expect(currentMembers(cohortId)).toHaveLength(2);
  });

  it("refuses an archived cohort", async () => {
    const cohortId = makeCohort({ archived: true });
    const res = await upload(cohortId, csv(`${HEADER}\nLate Comer,late.comer@example.com,RXN,Nurse\n`));
    expect(res.status).toBe(409);
    expect((await jsonOf(res)).formError).toMatch(/archived/);
    expect(byEmail("late.comer@example.com")).toBeUndefined();
    const page = await jsonOf(await run(importRoute.loader, makeRequest(`/admin/cohorts/${cohortId}/import`, { cookie: adminCookie }), { cohortId }));
    expect(page.cohort.archivedAt).toEqual(expect.any(Number));
  });

  it("shows the page to admins only: anonymous people are sent to sign in, others refused", async () => {
    const cohortId = makeCohort();
    const page = await run(importRoute.loader, makeRequest(`/admin/cohorts/${cohortId}/import`, { cookie: adminCookie }), { cohortId });
    expect(page.status).toBe(200);
    expect((await jsonOf(page)).cohort).toEqual({ id: cohortId, name: `Import Set ${cohortId}`, archivedAt: null });
    expect((await run(importRoute.loader, makeRequest("/admin/cohorts/nope/import", { cookie: adminCookie }), { cohortId: "nope" })).status).toBe(404);

    const file = () => csv(`${HEADER}\nSneaky Add,sneaky@example.com,RXN,Nurse\n`);
    const anonymous = await upload(cohortId, file(), null);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/sign-in\?redirectTo=/);
    for (const email of ["facilitator@example.com", "lead@example.com", "advisory@example.com"]) {
      const res = await upload(cohortId, file(), await cookieFor(idOf(email)));
      expect(res.status, email).toBe(403);
    }
    expect(byEmail("sneaky@example.com")).toBeUndefined();
  });
});
