import { and, eq, sql } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, cohorts, footprints, organisations, users } from "~db/schema";
import * as footprintEdit from "~/routes/admin.footprints.$footprintId";
import * as footprintList from "~/routes/admin.footprints._index";
import * as organisationEdit from "~/routes/admin.organisations.$organisationId";
import * as organisationList from "~/routes/admin.organisations._index";
import * as organisationNew from "~/routes/admin.organisations.new";
import { cookieFor, db, jsonOf, makePerson, makePlace, makeRequest, run, useTestApp } from "../helpers/app";

useTestApp();

let admin: { id: string; cookie: string };
let regionId: string;

beforeAll(async () => {
  const person = makePerson({ roles: ["admin"] });
  admin = { id: person.id, cookie: await cookieFor(person.id) };
  regionId = makePlace("base").regionId;
});

const post = (path: string, form: Record<string, string>, cookie = admin.cookie) => makeRequest(path, { form, cookie });
const get = (path: string, cookie = admin.cookie) => makeRequest(path, { cookie });

function auditFor(action: string, targetId: string) {
  return db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)))
    .all();
}

function footprintNamed(name: string) {
  return db().select().from(footprints).where(eq(footprints.name, name)).get();
}

function organisationNamed(name: string) {
  return db().select().from(organisations).where(eq(organisations.name, name)).get();
}

async function addFootprint(name: string) {
  const res = await run(footprintList.action, post("/admin/footprints", { name, regionId }));
  expect(res.status).toBe(302);
  return footprintNamed(name)!.id;
}

async function addOrganisation(form: { name: string; ods?: string; setting?: string; footprintId: string }) {
  const res = await run(
    organisationNew.action,
    post("/admin/organisations/new", { ods: "", setting: "acute", ...form }),
  );
  expect(res.status).toBe(302);
  return organisationNamed(form.name)!.id;
}

describe("footprints", () => {
  it("adds a footprint, trimming the name, and audits it", async () => {
    const res = await run(footprintList.action, post("/admin/footprints", { name: "  Pennine Lancashire  ", regionId }));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin/footprints?notice=footprint-added");
    const row = footprintNamed("Pennine Lancashire");
    expect(row?.regionId).toBe(regionId);
    const entries = auditFor("footprint_created", row!.id);
    expect(entries).toHaveLength(1);
    expect(entries[0].actorId).toBe(admin.id);
    expect(entries[0].targetType).toBe("footprint");
    expect(entries[0].ip).toBe("127.0.0.1");
  });

  it("lists footprints with their region and counts, and shows only known notices", async () => {
    const place = makePlace("listed");
    const res = await run(footprintList.loader, get("/admin/footprints?notice=footprint-added"));
    expect(res.status).toBe(200);
    const data = await jsonOf(res);
    const listed = data.footprints.find((f: { id: string }) => f.id === place.footprintId);
    expect(listed).toMatchObject({ name: "Footprint listed", regionName: "Region listed", organisations: 1, cohorts: 0 });
    expect(data.regions.map((r: { id: string }) => r.id)).toContain(regionId);
    expect(data.notice).toBe("Footprint added.");

    const odd = await jsonOf(await run(footprintList.loader, get("/admin/footprints?notice=constructor")));
    expect(odd.notice).toBeNull();
  });

  it("refuses a name that differs only in case, beside the field, keeping what was typed", async () => {
    await addFootprint("West Yorkshire");
    const res = await run(footprintList.action, post("/admin/footprints", { name: "west YORKSHIRE", regionId }));
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.errors.name).toBe("A footprint called West Yorkshire already exists");
    expect(body.values).toMatchObject({ name: "west YORKSHIRE", regionId });
    const count = db().select().from(footprints).where(sql`lower(${footprints.name}) = 'west yorkshire'`).all();
    expect(count).toHaveLength(1);
  });

  it("asks for a name and a region that exists", async () => {
    const blank = await jsonOf(await run(footprintList.action, post("/admin/footprints", { name: "  ", regionId: "" })));
    expect(blank.errors.name).toBe("Enter the footprint name");
    expect(blank.errors.regionId).toBe("Select a region");

    const res = await run(footprintList.action, post("/admin/footprints", { name: "Nowhere", regionId: "no-such-region" }));
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).errors.regionId).toBe("Select a region from the list");
    expect(footprintNamed("Nowhere")).toBeUndefined();
  });

  it("refuses a form with a field it does not have, writing nothing", async () => {
    const res = await run(footprintList.action, post("/admin/footprints", { name: "Sneaky", regionId, id: "chosen-id" }));
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).formError).toMatch(/\(id\)/);
    expect(footprintNamed("Sneaky")).toBeUndefined();

    const id = await addFootprint("Sneaky edit");
    const edit = await run(
      footprintEdit.action,
      post(`/admin/footprints/${id}`, { name: "Renamed", regionId, updatedAt: "1" }),
      { footprintId: id },
    );
    expect(edit.status).toBe(400);
    expect(footprintNamed("Sneaky edit")).toBeDefined();
  });

  it("edits a footprint, allowing a change of case to its own name, and audits it", async () => {
    const id = await addFootprint("humber");
    const otherRegion = makePlace("other-region").regionId;
    const loaded = await jsonOf(await run(footprintEdit.loader, get(`/admin/footprints/${id}`), { footprintId: id }));
    expect(loaded.footprint).toMatchObject({ id, name: "humber", regionId, organisations: 0, cohorts: 0 });

    const res = await run(
      footprintEdit.action,
      post(`/admin/footprints/${id}`, { intent: "save", name: "Humber", regionId: otherRegion }),
      { footprintId: id },
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin/footprints?notice=footprint-saved");
    const row = db().select().from(footprints).where(eq(footprints.id, id)).get();
    expect(row).toMatchObject({ name: "Humber", regionId: otherRegion });
    expect(row?.updatedAt).toBeTypeOf("number");
    const entries = auditFor("footprint_updated", id);
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0].detail ?? "{}")).toMatchObject({ name: "Humber", previousName: "humber" });
  });

  it("refuses renaming a footprint to another footprint's name", async () => {
    await addFootprint("Cumbria North");
    const id = await addFootprint("Cumbria South");
    const res = await run(
      footprintEdit.action,
      post(`/admin/footprints/${id}`, { intent: "save", name: "CUMBRIA NORTH", regionId }),
      { footprintId: id },
    );
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.errors.name).toBe("A footprint called Cumbria North already exists");
    expect(body.values.name).toBe("CUMBRIA NORTH");
    expect(db().select().from(footprints).where(eq(footprints.id, id)).get()?.name).toBe("Cumbria South");
  });

  it("refuses to delete a footprint that organisations belong to, explaining why", async () => {
    const place = makePlace("busy");
    const res = await run(
      footprintEdit.action,
      post(`/admin/footprints/${place.footprintId}`, { intent: "delete" }),
      { footprintId: place.footprintId },
    );
    expect(res.status).toBe(409);
    const body = await jsonOf(res);
    expect(body.formError).toBe(
      "You cannot delete Footprint busy because 1 organisation belongs to it. Move it to another footprint first.",
    );
    expect(body.values.intent).toBe("delete");
    expect(db().select().from(footprints).where(eq(footprints.id, place.footprintId)).get()).toBeDefined();
    expect(auditFor("footprint_deleted", place.footprintId)).toHaveLength(0);
  });

  it("refuses to delete a footprint that a cohort belongs to", async () => {
    const id = await addFootprint("Cohort only");
    const facilitator = makePerson({ roles: ["facilitator"] });
    db()
      .insert(cohorts)
      .values({ id: `cohort-${id}`, name: `Cohort in ${id}`, footprintId: id, termStart: "2026-01-01", termEnd: "2026-06-30", facilitatorId: facilitator.id })
      .run();
    const res = await run(footprintEdit.action, post(`/admin/footprints/${id}`, { intent: "delete" }), { footprintId: id });
    expect(res.status).toBe(409);
    expect((await jsonOf(res)).formError).toMatch(/because 1 cohort belongs to it/);
    expect(footprintNamed("Cohort only")).toBeDefined();
  });

  it("deletes an unused footprint and audits it", async () => {
    const id = await addFootprint("Short lived");
    const res = await run(footprintEdit.action, post(`/admin/footprints/${id}`, { intent: "delete" }), { footprintId: id });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin/footprints?notice=footprint-deleted");
    expect(footprintNamed("Short lived")).toBeUndefined();
    expect(auditFor("footprint_deleted", id)).toHaveLength(1);
  });

  it("refuses a delete carrying other fields, and an unknown intent", async () => {
    const id = await addFootprint("Kept safe");
    const extra = await run(footprintEdit.action, post(`/admin/footprints/${id}`, { intent: "delete", name: "x" }), { footprintId: id });
    expect(extra.status).toBe(400);
    const odd = await run(footprintEdit.action, post(`/admin/footprints/${id}`, { intent: "archive", name: "x", regionId }), {
      footprintId: id,
    });
    expect(odd.status).toBe(400);
    expect(db().select().from(footprints).where(eq(footprints.id, id)).get()?.name).toBe("Kept safe");
  });

  it("answers 404 for a footprint that does not exist", async () => {
    expect((await run(footprintEdit.loader, get("/admin/footprints/nope"), { footprintId: "nope" })).status).toBe(404);
    const save = await run(footprintEdit.action, post("/admin/footprints/nope", { name: "Ghost", regionId }), { footprintId: "nope" });
    expect(save.status).toBe(404);
    const del = await run(footprintEdit.action, post("/admin/footprints/nope", { intent: "delete" }), { footprintId: "nope" });
    expect(del.status).toBe(404);
    expect(footprintNamed("Ghost")).toBeUndefined();
  });
});

describe("organisations", () => {
  let footprintId: string;
  beforeAll(async () => {
    footprintId = await addFootprint("Organisation home");
  });

  it("adds an organisation, upper-casing the ODS code, and audits it", async () => {
    const res = await run(
      organisationNew.action,
      post("/admin/organisations/new", { name: " Leeds Teaching Hospitals ", ods: " rr8 ", setting: "acute", footprintId }),
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin/organisations?notice=organisation-added");
    const row = organisationNamed("Leeds Teaching Hospitals");
    expect(row).toMatchObject({ odsCode: "RR8", setting: "acute", footprintId });
    const entries = auditFor("organisation_created", row!.id);
    expect(entries).toHaveLength(1);
    expect(entries[0].actorId).toBe(admin.id);
    expect(entries[0].targetType).toBe("organisation");
  });

  it("stores no ODS code when none is given, for as many organisations as need it", async () => {
    await addOrganisation({ name: "Practice without code one", footprintId });
    await addOrganisation({ name: "Practice without code two", footprintId });
    expect(organisationNamed("Practice without code one")?.odsCode).toBeNull();
    expect(organisationNamed("Practice without code two")?.odsCode).toBeNull();
  });

  it("refuses a duplicate name beside the field, keeping everything typed", async () => {
    await addOrganisation({ name: "Bradford Care Trust", footprintId });
    const form = { name: "bradford care TRUST", ods: "RAE9", setting: "mental_health", footprintId };
    const res = await run(organisationNew.action, post("/admin/organisations/new", form));
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.errors.name).toBe("An organisation called Bradford Care Trust already exists");
    expect(body.values).toMatchObject(form);
    expect(db().select().from(organisations).where(eq(organisations.odsCode, "RAE9")).all()).toHaveLength(0);
  });

  it("refuses an ODS code already used, whatever its case", async () => {
    await addOrganisation({ name: "Owner of RXF", ods: "RXF", footprintId });
    const res = await run(
      organisationNew.action,
      post("/admin/organisations/new", { name: "Copycat", ods: "rxf", setting: "acute", footprintId }),
    );
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).errors.ods).toBe("ODS code RXF is already used by Owner of RXF");
    expect(organisationNamed("Copycat")).toBeUndefined();
  });

  it("refuses an ODS code that is not 3 to 10 letters and numbers, keeping it", async () => {
    for (const ods of ["R-1", "AB", "ABCDEFGHIJK"]) {
      const res = await run(
        organisationNew.action,
        post("/admin/organisations/new", { name: `Bad code ${ods}`, ods, setting: "acute", footprintId }),
      );
      expect(res.status, ods).toBe(400);
      const body = await jsonOf(res);
      expect(body.errors.ods, ods).toMatch(/^ODS code must be/);
      expect(body.values.ods, ods).toBe(ods);
      expect(organisationNamed(`Bad code ${ods}`), ods).toBeUndefined();
    }
  });

  it("asks for a setting from the list and a footprint that exists", async () => {
    const setting = await jsonOf(
      await run(organisationNew.action, post("/admin/organisations/new", { name: "No setting", ods: "", setting: "spa", footprintId })),
    );
    expect(setting.errors.setting).toBe("Select the setting");
    const res = await run(
      organisationNew.action,
      post("/admin/organisations/new", { name: "No footprint", ods: "", setting: "acute", footprintId: "gone" }),
    );
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).errors.footprintId).toBe("Select a footprint from the list");
    expect(organisationNamed("No footprint")).toBeUndefined();
  });

  it("refuses a form with a field it does not have", async () => {
    const res = await run(
      organisationNew.action,
      post("/admin/organisations/new", { name: "Extra field", ods: "", setting: "acute", footprintId, odsCode: "XYZ" }),
    );
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).formError).toMatch(/odsCode/);
    expect(organisationNamed("Extra field")).toBeUndefined();
  });

  it("lists organisations with footprint and people, filtered by footprint and setting", async () => {
    const otherFootprint = await addFootprint("Filter footprint");
    const acute = await addOrganisation({ name: "Filter acute", setting: "acute", footprintId: otherFootprint });
    await addOrganisation({ name: "Filter community", setting: "community", footprintId: otherFootprint });
    makePerson({ organisationId: acute });
    makePerson({ organisationId: acute });

    const all = await jsonOf(await run(organisationList.loader, get("/admin/organisations")));
    const names = all.organisations.map((o: { name: string }) => o.name);
    expect(names).toEqual(expect.arrayContaining(["Filter acute", "Filter community", "Leeds Teaching Hospitals"]));
    expect(all.organisations.find((o: { id: string }) => o.id === acute)).toMatchObject({
      footprintName: "Filter footprint",
      people: 2,
      setting: "acute",
    });

    const byFootprint = await jsonOf(
      await run(organisationList.loader, get(`/admin/organisations?footprint=${otherFootprint}&notice=organisation-saved`)),
    );
    expect(byFootprint.organisations.map((o: { name: string }) => o.name)).toEqual(["Filter acute", "Filter community"]);
    expect(byFootprint.notice).toBe("Organisation saved.");

    const both = await jsonOf(await run(organisationList.loader, get(`/admin/organisations?footprint=${otherFootprint}&setting=community`)));
    expect(both.organisations.map((o: { name: string }) => o.name)).toEqual(["Filter community"]);

    const bad = await jsonOf(await run(organisationList.loader, get("/admin/organisations?setting=<script>")));
    expect(bad.filter.setting).toBeUndefined();
    expect(bad.organisations.length).toBe(all.organisations.length);
  });

  it("edits an organisation, keeping its own ODS code, and audits it", async () => {
    const id = await addOrganisation({ name: "Calderdale Services", ods: "RWY", footprintId });
    const loaded = await jsonOf(await run(organisationEdit.loader, get(`/admin/organisations/${id}`), { organisationId: id }));
    expect(loaded.organisation).toMatchObject({ name: "Calderdale Services", odsCode: "RWY", people: 0 });
    expect(loaded.footprints.map((f: { id: string }) => f.id)).toContain(footprintId);

    const res = await run(
      organisationEdit.action,
      post(`/admin/organisations/${id}`, { intent: "save", name: "Calderdale Services", ods: "rwy", setting: "community", footprintId }),
      { organisationId: id },
    );
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin/organisations?notice=organisation-saved");
    expect(db().select().from(organisations).where(eq(organisations.id, id)).get()).toMatchObject({
      odsCode: "RWY",
      setting: "community",
    });
    const entries = auditFor("organisation_updated", id);
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0].detail ?? "{}").changed).toEqual(["setting"]);
  });

  it("refuses taking another organisation's ODS code when editing", async () => {
    await addOrganisation({ name: "Holder of RJ1", ods: "RJ1", footprintId });
    const id = await addOrganisation({ name: "Wants RJ1", footprintId });
    const res = await run(
      organisationEdit.action,
      post(`/admin/organisations/${id}`, { name: "Wants RJ1", ods: "rj1", setting: "acute", footprintId }),
      { organisationId: id },
    );
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.errors.ods).toBe("ODS code RJ1 is already used by Holder of RJ1");
    expect(body.values.ods).toBe("rj1");
    expect(organisationNamed("Wants RJ1")?.odsCode).toBeNull();
  });

  it("refuses to delete an organisation people work for, explaining why", async () => {
    const id = await addOrganisation({ name: "Staffed organisation", footprintId });
    const person = makePerson({ organisationId: id });
    makePerson({ organisationId: id, status: "deactivated" });
    const res = await run(organisationEdit.action, post(`/admin/organisations/${id}`, { intent: "delete" }), { organisationId: id });
    expect(res.status).toBe(409);
    const body = await jsonOf(res);
    expect(body.formError).toBe(
      "You cannot delete Staffed organisation because 2 people work there. Move them to another organisation first.",
    );
    expect(body.values.intent).toBe("delete");
    expect(organisationNamed("Staffed organisation")).toBeDefined();
    expect(db().select().from(users).where(eq(users.id, person.id)).get()?.organisationId).toBe(id);
  });

  it("deletes an organisation nobody works for and audits it", async () => {
    const id = await addOrganisation({ name: "Closed service", footprintId });
    const res = await run(organisationEdit.action, post(`/admin/organisations/${id}`, { intent: "delete" }), { organisationId: id });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin/organisations?notice=organisation-deleted");
    expect(organisationNamed("Closed service")).toBeUndefined();
    expect(auditFor("organisation_deleted", id)).toHaveLength(1);
  });

  it("answers 404 for an organisation that does not exist", async () => {
    expect((await run(organisationEdit.loader, get("/admin/organisations/nope"), { organisationId: "nope" })).status).toBe(404);
    const del = await run(organisationEdit.action, post("/admin/organisations/nope", { intent: "delete" }), { organisationId: "nope" });
    expect(del.status).toBe(404);
  });
});

describe("access", () => {
  type Fn = Parameters<typeof run>[0];
  let place: ReturnType<typeof makePlace>;
  let cases: Array<{ what: string; fn: Fn; path: string; params?: Record<string, string>; form?: Record<string, string> }>;

  beforeAll(() => {
    place = makePlace("access");
    const fp = { footprintId: place.footprintId };
    const org = { organisationId: place.organisationId };
    const orgForm = { name: "Taken over", ods: "", setting: "acute", footprintId: place.footprintId };
    cases = [
      { what: "footprint list", fn: footprintList.loader, path: "/admin/footprints" },
      { what: "add footprint", fn: footprintList.action, path: "/admin/footprints", form: { name: "Taken over", regionId } },
      { what: "footprint page", fn: footprintEdit.loader, path: `/admin/footprints/${place.footprintId}`, params: fp },
      { what: "edit footprint", fn: footprintEdit.action, path: `/admin/footprints/${place.footprintId}`, params: fp, form: { name: "Taken over", regionId } },
      { what: "delete footprint", fn: footprintEdit.action, path: `/admin/footprints/${place.footprintId}`, params: fp, form: { intent: "delete" } },
      { what: "organisation list", fn: organisationList.loader, path: "/admin/organisations" },
      { what: "new organisation page", fn: organisationNew.loader, path: "/admin/organisations/new" },
      { what: "add organisation", fn: organisationNew.action, path: "/admin/organisations/new", form: orgForm },
      { what: "organisation page", fn: organisationEdit.loader, path: `/admin/organisations/${place.organisationId}`, params: org },
      { what: "edit organisation", fn: organisationEdit.action, path: `/admin/organisations/${place.organisationId}`, params: org, form: orgForm },
      { what: "delete organisation", fn: organisationEdit.action, path: `/admin/organisations/${place.organisationId}`, params: org, form: { intent: "delete" } },
    ];
  });

  const unchanged = () => {
    expect(db().select().from(footprints).where(eq(footprints.id, place.footprintId)).get()?.name).toBe("Footprint access");
    expect(db().select().from(organisations).where(eq(organisations.id, place.organisationId)).get()?.name).toBe(
      "Organisation access",
    );
    expect(footprintNamed("Taken over")).toBeUndefined();
    expect(organisationNamed("Taken over")).toBeUndefined();
  };

  it("lets an admin load every page", async () => {
    for (const c of cases.filter((c) => !c.form)) {
      const res = await run(c.fn, get(c.path), c.params);
      expect(res.status, c.what).toBe(200);
    }
  });

  for (const role of ["facilitator", "clinical_lead", "advisory"] as const) {
    it(`answers 403 to a ${role} on every loader and action, changing nothing`, async () => {
      const person = makePerson({ roles: [role] });
      const cookie = await cookieFor(person.id);
      for (const c of cases) {
        const request = c.form ? post(c.path, c.form, cookie) : get(c.path, cookie);
        const res = await run(c.fn, request, c.params);
        expect(res.status, c.what).toBe(403);
      }
      unchanged();
    });
  }

  it("sends someone not signed in to sign in, changing nothing", async () => {
    for (const c of cases) {
      const request = c.form ? makeRequest(c.path, { form: c.form }) : makeRequest(c.path);
      const res = await run(c.fn, request, c.params);
      expect(res.status, c.what).toBe(302);
      expect(res.headers.get("Location"), c.what).toBe(`/sign-in?${new URLSearchParams({ redirectTo: c.path })}`);
    }
    unchanged();
  });
});
