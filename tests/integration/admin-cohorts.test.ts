import { and, count, eq, isNull, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { auditLog, cohortMemberships, cohorts } from "~db/schema";
import * as cohortRoute from "~/routes/admin.cohorts.$cohortId._index";
import * as importRoute from "~/routes/admin.cohorts.$cohortId.import";
import * as listRoute from "~/routes/admin.cohorts._index";
import * as newRoute from "~/routes/admin.cohorts.new";
import { cookieFor, db, jsonOf, makePerson, makePlace, makeRequest, run, useTestApp } from "../helpers/app";

useTestApp();

// Dates in this file are written for this "today"; only Date is faked.
beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date("2026-11-22T12:00:00Z"));
});
afterAll(() => {
  vi.useRealTimers();
});

type Form = Record<string, string | string[]>;

let footprintId: string;
let organisationId: string;
let admin: { id: string };
let adminCookie: string;
let facilitator: { id: string };
let coFacilitator: { id: string };

beforeAll(async () => {
  ({ footprintId, organisationId } = makePlace("cohorts"));
  admin = makePerson({ roles: ["admin"], name: "Ada Admin" });
  adminCookie = await cookieFor(admin.id);
  facilitator = makePerson({ roles: ["facilitator"], name: "Fran Facilitator" });
  coFacilitator = makePerson({ roles: ["facilitator"], name: "Cory Cofacilitator", status: "invited" });
});

let nameCounter = 0;
const cohortForm = (overrides: Form = {}): Form => ({
  name: `Test Set ${++nameCounter}`,
  footprintId,
  termStart: "2026-09-01",
  termEnd: "2099-07-31",
  facilitatorId: facilitator.id,
  coFacilitatorId: "",
  ...overrides,
});

const create = (form: Form, cookie = adminCookie) => run(newRoute.action, makeRequest("/admin/cohorts/new", { cookie, form }));

async function newCohort(overrides: Form = {}) {
  const res = await create(cohortForm(overrides));
  expect(res.status).toBe(302);
  const id = res.headers.get("Location")!.match(/^\/admin\/cohorts\/([a-z0-9]+)\?notice=created$/)![1];
  return id;
}

const act = (cohortId: string, form: Form, cookie = adminCookie) =>
  run(cohortRoute.action, makeRequest(`/admin/cohorts/${cohortId}`, { cookie, form }), { cohortId });

const page = async (cohortId: string) => {
  const res = await run(cohortRoute.loader, makeRequest(`/admin/cohorts/${cohortId}`, { cookie: adminCookie }), { cohortId });
  expect(res.status).toBe(200);
  return jsonOf(res);
};

const lead = (opts: Parameters<typeof makePerson>[0] = {}) => makePerson({ roles: ["clinical_lead"], organisationId, ...opts });

const spells = (cohortId: string, userId: string) =>
  db()
    .select()
    .from(cohortMemberships)
    .where(and(eq(cohortMemberships.cohortId, cohortId), eq(cohortMemberships.userId, userId)))
    // Ended spells first: two spells can share a millisecond.
    .orderBy(sql`${cohortMemberships.leftAt} is null`, cohortMemberships.joinedAt)
    .all();

const audits = (action: string, targetId?: string) =>
  db()
    .select()
    .from(auditLog)
    .where(targetId ? and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)) : eq(auditLog.action, action))
    .all();

const cohortCount = () => db().select({ n: count() }).from(cohorts).get()!.n;

describe("who may manage cohorts", () => {
  it("sends someone not signed in to sign in, from every page", async () => {
    const cohortId = await newCohort();
    for (const [fn, path, params] of [
      [listRoute.loader, "/admin/cohorts", {}],
      [newRoute.loader, "/admin/cohorts/new", {}],
      [cohortRoute.loader, `/admin/cohorts/${cohortId}`, { cohortId }],
      [importRoute.loader, `/admin/cohorts/${cohortId}/import`, { cohortId }],
    ] as const) {
      const res = await run(fn, makeRequest(path), params);
      expect(res.status, path).toBe(302);
      expect(res.headers.get("Location"), path).toBe(`/sign-in?${new URLSearchParams({ redirectTo: path })}`);
    }
  });

  it("refuses facilitators and clinical leads with 403, for pages and changes alike", async () => {
    const cohortId = await newCohort();
    const someone = lead();
    for (const roles of [["facilitator"], ["clinical_lead"], ["advisory"]] as const) {
      const cookie = await cookieFor(makePerson({ roles: [...roles] }).id);
      const calls: Array<[string, Promise<Response>]> = [
        ["list", run(listRoute.loader, makeRequest("/admin/cohorts", { cookie }))],
        ["new page", run(newRoute.loader, makeRequest("/admin/cohorts/new", { cookie }))],
        ["create", create(cohortForm(), cookie)],
        ["cohort page", run(cohortRoute.loader, makeRequest(`/admin/cohorts/${cohortId}`, { cookie }), { cohortId })],
        ["add", act(cohortId, { intent: "add", userId: someone.id }, cookie)],
        ["archive", act(cohortId, { intent: "archive", confirm: "yes" }, cookie)],
        ["import page", run(importRoute.loader, makeRequest(`/admin/cohorts/${cohortId}/import`, { cookie }), { cohortId })],
        [
          "import",
          run(
            importRoute.action,
            makeRequest(`/admin/cohorts/${cohortId}/import`, {
              cookie,
              form: { file: new File(["name,email,organisation,profession\n"], "members.csv", { type: "text/csv" }) } as never,
            }),
            { cohortId },
          ),
        ],
      ];
      for (const [what, call] of calls) expect((await call).status, `${roles[0]}: ${what}`).toBe(403);
    }
    expect(spells(cohortId, someone.id)).toHaveLength(0);
    expect(db().select().from(cohorts).where(eq(cohorts.id, cohortId)).get()!.archivedAt).toBeNull();
  });
});

describe("creating a cohort", () => {
  it("creates it with its facilitators, audits it and lists it", async () => {
    const res = await create(cohortForm({ name: "Greater Manchester Set B", coFacilitatorId: coFacilitator.id }));
    expect(res.status).toBe(302);
    const id = res.headers.get("Location")!.split("/").pop()!.split("?")[0];
    const row = db().select().from(cohorts).where(eq(cohorts.id, id)).get()!;
    expect(row).toMatchObject({
      name: "Greater Manchester Set B",
      footprintId,
      termStart: "2026-09-01",
      termEnd: "2099-07-31",
      facilitatorId: facilitator.id,
      coFacilitatorId: coFacilitator.id,
      archivedAt: null,
    });
    const [entry] = audits("cohort_created", id);
    expect(entry.actorId).toBe(admin.id);
    expect(JSON.parse(entry.detail!)).toMatchObject({ cohortId: id });

    const list = await jsonOf(await run(listRoute.loader, makeRequest("/admin/cohorts", { cookie: adminCookie })));
    expect(list.cohorts.find((c: { id: string }) => c.id === id)).toMatchObject({
      name: "Greater Manchester Set B",
      footprint: "Footprint cohorts",
      facilitator: "Fran Facilitator",
      coFacilitator: "Cory Cofacilitator",
      members: 0,
      archivedAt: null,
    });
  });

  it("offers only footprints and active or invited facilitators", async () => {
    const gone = makePerson({ roles: ["facilitator"], status: "deactivated" });
    const notFacilitator = makePerson({ roles: ["clinical_lead"] });
    const data = await jsonOf(await run(newRoute.loader, makeRequest("/admin/cohorts/new", { cookie: adminCookie })));
    const ids = data.facilitators.map((f: { value: string }) => f.value);
    expect(ids).toContain(facilitator.id);
    expect(ids).toContain(coFacilitator.id);
    expect(ids).not.toContain(gone.id);
    expect(ids).not.toContain(notFacilitator.id);
    expect(data.facilitators.find((f: { value: string }) => f.value === coFacilitator.id).label).toBe("Cory Cofacilitator (invited)");
    expect(data.footprints).toContainEqual({ value: footprintId, label: "Footprint cohorts" });
  });

  it.each([
    ["an end before the start", { termStart: "2026-09-01", termEnd: "2026-08-31" }, "termEnd", /end after it starts/],
    ["an end on the start day", { termStart: "2026-09-01", termEnd: "2026-09-01" }, "termEnd", /end after it starts/],
    ["a date that does not exist", { termStart: "2026-02-30" }, "termStart", /real date/],
    ["no name", { name: "  " }, "name", /Enter the cohort name/],
    ["no facilitator", { facilitatorId: "" }, "facilitatorId", /Select a facilitator/],
    ["an unknown footprint", { footprintId: "nope" }, "footprintId", /footprint from the list/],
  ])("refuses %s, beside the field, keeping what was typed", async (_what, overrides, field, message) => {
    const before = cohortCount();
    const form = cohortForm(overrides as Form);
    const res = await create(form);
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.errors[field]).toMatch(message);
    expect(body.values.name).toBe(form.name);
    expect(cohortCount()).toBe(before);
  });

  it("refuses the same person as facilitator and co-facilitator", async () => {
    const res = await create(cohortForm({ coFacilitatorId: facilitator.id }));
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).errors.coFacilitatorId).toMatch(/someone other than the facilitator/);
  });

  it("refuses a facilitator or co-facilitator who does not hold the facilitator role, or is deactivated", async () => {
    const before = cohortCount();
    const notFacilitator = makePerson({ roles: ["clinical_lead", "advisory"], name: "Lee Lead" });
    const gone = makePerson({ roles: ["facilitator"], name: "Gail Gone", status: "deactivated" });
    const a = await jsonOf(await create(cohortForm({ facilitatorId: notFacilitator.id })));
    expect(a.errors.facilitatorId).toMatch(/Lee Lead does not have the facilitator role/);
    const b = await jsonOf(await create(cohortForm({ coFacilitatorId: notFacilitator.id })));
    expect(b.errors.coFacilitatorId).toMatch(/Lee Lead does not have the facilitator role/);
    expect(b.errors.facilitatorId).toBeUndefined();
    const c = await jsonOf(await create(cohortForm({ facilitatorId: gone.id })));
    expect(c.errors.facilitatorId).toMatch(/Gail Gone's account is deactivated/);
    expect(cohortCount()).toBe(before);
  });

  it("refuses a name another cohort has, whatever the case", async () => {
    await newCohort({ name: "Cheshire Set Z" });
    const res = await create(cohortForm({ name: "cheshire set z" }));
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).errors.name).toMatch(/already a cohort called/);
  });
});

describe("changing a cohort's details", () => {
  it("saves changes, including removing the co-facilitator, and audits which fields changed", async () => {
    const cohortId = await newCohort({ coFacilitatorId: coFacilitator.id });
    const res = await act(cohortId, { intent: "update", ...cohortForm({ name: "Renamed Set", termEnd: "2099-06-30" }) });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/admin/cohorts/${cohortId}?notice=updated`);
    const row = db().select().from(cohorts).where(eq(cohorts.id, cohortId)).get()!;
    expect(row).toMatchObject({ name: "Renamed Set", termEnd: "2099-06-30", coFacilitatorId: null });
    expect(row.updatedAt).toEqual(expect.any(Number));
    const [entry] = audits("cohort_updated", cohortId);
    expect(JSON.parse(entry.detail!).changed.sort()).toEqual(["coFacilitatorId", "name", "termEnd"]);
  });

  it("refuses a current member as facilitator or co-facilitator", async () => {
    const cohortId = await newCohort();
    const both = makePerson({ roles: ["clinical_lead", "facilitator"], name: "Dual Role", organisationId });
    expect((await act(cohortId, { intent: "add", userId: both.id })).status).toBe(302);
    const a = await act(cohortId, { intent: "update", ...cohortForm({ facilitatorId: both.id }) });
    expect(a.status).toBe(400);
    expect((await jsonOf(a)).errors.facilitatorId).toMatch(/Dual Role is a member of this cohort/);
    const b = await act(cohortId, { intent: "update", ...cohortForm({ coFacilitatorId: both.id }) });
    expect((await jsonOf(b)).errors.coFacilitatorId).toMatch(/Dual Role is a member of this cohort/);
    expect(db().select().from(cohorts).where(eq(cohorts.id, cohortId)).get()!.facilitatorId).toBe(facilitator.id);
  });

  it("answers 404 for a cohort that does not exist", async () => {
    const res = await run(cohortRoute.loader, makeRequest("/admin/cohorts/nope", { cookie: adminCookie }), { cohortId: "nope" });
    expect(res.status).toBe(404);
    expect((await act("nope", { intent: "add", userId: lead().id })).status).toBe(404);
  });

  it("refuses a form without an intent or with unknown fields", async () => {
    const cohortId = await newCohort();
    expect((await act(cohortId, { userId: lead().id })).status).toBe(400);
    const res = await act(cohortId, { intent: "add", userId: lead().id, isAdmin: "true" });
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).formError).toMatch(/isAdmin/);
  });
});

describe("members", () => {
  it("adds and removes members, keeping each spell in the history, and re-adding starts a new one", async () => {
    const cohortId = await newCohort();
    const sam = lead({ name: "Sam Member" });
    const added = await act(cohortId, { intent: "add", userId: sam.id });
    expect(added.status).toBe(302);
    expect(added.headers.get("Location")).toBe(`/admin/cohorts/${cohortId}?notice=member-added`);
    let data = await page(cohortId);
    expect(data.members.map((m: { userId: string }) => m.userId)).toEqual([sam.id]);
    expect(data.members[0].joinedAt).toEqual(expect.any(Number));

    const removed = await act(cohortId, { intent: "remove", userId: sam.id });
    expect(removed.status).toBe(302);
    expect(removed.headers.get("Location")).toBe(`/admin/cohorts/${cohortId}?notice=member-removed`);
    const [first] = spells(cohortId, sam.id);
    expect(first.leftAt).toEqual(expect.any(Number));
    data = await page(cohortId);
    expect(data.members).toEqual([]);
    expect(data.history).toEqual([{ id: first.id, userId: sam.id, name: "Sam Member", joinedAt: first.joinedAt, leftAt: first.leftAt }]);

    expect((await act(cohortId, { intent: "add", userId: sam.id })).status).toBe(302);
    const both = spells(cohortId, sam.id);
    expect(both).toHaveLength(2);
    expect(both[0].id).toBe(first.id);
    expect(both[0].leftAt).toBe(first.leftAt);
    expect(both[1].leftAt).toBeNull();
    data = await page(cohortId);
    expect(data.members.map((m: { userId: string }) => m.userId)).toEqual([sam.id]);
    expect(data.history).toHaveLength(2);

    const addedAudit = audits("membership_added", sam.id);
    const removedAudit = audits("membership_removed", sam.id);
    expect(addedAudit).toHaveLength(2);
    expect(removedAudit).toHaveLength(1);
    expect(JSON.parse(removedAudit[0].detail!)).toEqual({ cohortId });
    expect(removedAudit[0].actorId).toBe(admin.id);
  });

  it("offers only clinical leads who could join: not members, facilitators, deactivated people or non-leads", async () => {
    const both = makePerson({ roles: ["clinical_lead", "facilitator"], organisationId });
    const cohortId = await newCohort({ coFacilitatorId: both.id });
    const member = lead();
    await act(cohortId, { intent: "add", userId: member.id });
    const free = lead({ status: "invited" });
    const gone = lead({ status: "deactivated" });
    const advisory = makePerson({ roles: ["advisory"] });
    const ids = (await page(cohortId)).eligible.map((o: { value: string }) => o.value);
    expect(ids).toContain(free.id);
    for (const excluded of [member.id, both.id, gone.id, advisory.id, facilitator.id]) expect(ids).not.toContain(excluded);
  });

  it("refuses adding someone twice, a deactivated person, a non-lead and the cohort's own facilitators, beside the field", async () => {
    const dual = makePerson({ roles: ["clinical_lead", "facilitator"], name: "Dana Dual", organisationId });
    const cohortId = await newCohort({ coFacilitatorId: dual.id });
    const sam = lead({ name: "Sam Twice" });
    await act(cohortId, { intent: "add", userId: sam.id });
    const cases: Array<[string, RegExp]> = [
      [sam.id, /Sam Twice is already a member of this cohort/],
      [lead({ name: "Dee Gone", status: "deactivated" }).id, /Dee Gone's account is deactivated/],
      [makePerson({ roles: ["advisory"], name: "Avi Sory" }).id, /Avi Sory is not a clinical lead/],
      [facilitator.id, /Fran Facilitator facilitates this cohort/],
      [dual.id, /Dana Dual facilitates this cohort/],
      ["no-such-person", /Select a person to add from the list/],
    ];
    for (const [userId, message] of cases) {
      const res = await act(cohortId, { intent: "add", userId });
      expect(res.status, String(message)).toBe(400);
      const body = await jsonOf(res);
      expect(body.errors.userId).toMatch(message);
      expect(body.values.intent).toBe("add");
    }
    const current = db()
      .select()
      .from(cohortMemberships)
      .where(and(eq(cohortMemberships.cohortId, cohortId), isNull(cohortMemberships.leftAt)))
      .all();
    expect(current.map((m) => m.userId)).toEqual([sam.id]);
  });

  it("refuses removing someone who is not a current member", async () => {
    const cohortId = await newCohort();
    const res = await act(cohortId, { intent: "remove", userId: lead({ name: "Never In" }).id });
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).formError).toMatch(/Never In is not a current member/);
    expect(audits("membership_removed").filter((a) => JSON.parse(a.detail!).cohortId === cohortId)).toHaveLength(0);
  });

  it("warns, without refusing, when the set has fewer than 4 or more than 8 members", async () => {
    const cohortId = await newCohort();
    expect((await page(cohortId)).sizeWarning).toMatch(/has 0 members.*4 to 8 members/);
    const people = Array.from({ length: 9 }, () => lead());
    for (const p of people.slice(0, 3)) await act(cohortId, { intent: "add", userId: p.id });
    expect((await page(cohortId)).sizeWarning).toMatch(/has 3 members.*add at least 1 more/);
    await act(cohortId, { intent: "add", userId: people[3].id });
    expect((await page(cohortId)).sizeWarning).toBeNull();
    for (const p of people.slice(4, 8)) await act(cohortId, { intent: "add", userId: p.id });
    expect((await page(cohortId)).sizeWarning).toBeNull();
    const ninth = await act(cohortId, { intent: "add", userId: people[8].id });
    expect(ninth.status).toBe(302);
    expect((await page(cohortId)).sizeWarning).toMatch(/has 9 members.*splitting/);
    await act(cohortId, { intent: "remove", userId: people[8].id });
    expect((await page(cohortId)).sizeWarning).toBeNull();
    await act(cohortId, { intent: "remove", userId: people[0].id });
    await act(cohortId, { intent: "remove", userId: people[1].id });
    await act(cohortId, { intent: "remove", userId: people[2].id });
    await act(cohortId, { intent: "remove", userId: people[3].id });
    await act(cohortId, { intent: "remove", userId: people[4].id });
    expect((await page(cohortId)).sizeWarning).toMatch(/has 3 members/);
  });
});

describe("archiving", () => {
  it("asks for confirmation before the end of the term", async () => {
    const cohortId = await newCohort({ termEnd: "2099-07-31" });
    expect((await page(cohortId)).termEnded).toBe(false);
    const res = await act(cohortId, { intent: "archive" });
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).errors.confirm).toMatch(/runs until 31 July 2099/);
    expect(db().select().from(cohorts).where(eq(cohorts.id, cohortId)).get()!.archivedAt).toBeNull();
    const confirmed = await act(cohortId, { intent: "archive", confirm: "yes" });
    expect(confirmed.status).toBe(302);
    expect(db().select().from(cohorts).where(eq(cohorts.id, cohortId)).get()!.archivedAt).toEqual(expect.any(Number));
    expect(JSON.parse(audits("cohort_archived", cohortId)[0].detail!)).toEqual({ cohortId, beforeTermEnd: true });
  });

  it("archives without confirmation once the term has ended", async () => {
    const cohortId = await newCohort({ termStart: "2020-09-01", termEnd: "2021-07-31" });
    expect((await page(cohortId)).termEnded).toBe(true);
    const res = await act(cohortId, { intent: "archive" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/admin/cohorts/${cohortId}?notice=archived`);
    expect(JSON.parse(audits("cohort_archived", cohortId)[0].detail!)).toEqual({ cohortId, beforeTermEnd: false });
  });

  it("makes the cohort read-only: every change is refused and the page offers none", async () => {
    const cohortId = await newCohort();
    const member = lead();
    const other = lead();
    await act(cohortId, { intent: "add", userId: member.id });
    expect((await act(cohortId, { intent: "archive", confirm: "yes" })).status).toBe(302);
    const before = db().select().from(cohorts).where(eq(cohorts.id, cohortId)).get()!;

    const attempts: Array<[string, Promise<Response>]> = [
      ["edit", act(cohortId, { intent: "update", ...cohortForm({ name: "Changed after archive" }) })],
      ["add", act(cohortId, { intent: "add", userId: other.id })],
      ["remove", act(cohortId, { intent: "remove", userId: member.id })],
      ["archive again", act(cohortId, { intent: "archive", confirm: "yes" })],
      [
        "import",
        run(
          importRoute.action,
          makeRequest(`/admin/cohorts/${cohortId}/import`, {
            cookie: adminCookie,
            form: {
              file: new File([`name,email,organisation,profession\nNew Person,new.after.archive@example.com,Organisation cohorts,Nurse\n`], "members.csv", {
                type: "text/csv",
              }),
            } as never,
          }),
          { cohortId },
        ),
      ],
    ];
    for (const [what, attempt] of attempts) {
      const res = await attempt;
      expect(res.status, what).toBe(409);
      expect((await jsonOf(res)).formError, what).toMatch(/archived/);
    }
    expect(db().select().from(cohorts).where(eq(cohorts.id, cohortId)).get()).toEqual(before);
    expect(spells(cohortId, member.id)[0].leftAt).toBeNull();
    expect(spells(cohortId, other.id)).toHaveLength(0);

    const data = await page(cohortId);
    expect(data.cohort.archivedAt).toEqual(expect.any(Number));
    expect(data.options).toBeNull();
    expect(data.sizeWarning).toBeNull();
    const list = await jsonOf(await run(listRoute.loader, makeRequest("/admin/cohorts", { cookie: adminCookie })));
    expect(list.cohorts.find((c: { id: string }) => c.id === cohortId).archivedAt).toEqual(expect.any(Number));
  });
});
