/**
 * /admin/themes and /admin/themes/:themeId: the codebook, for CLN admins
 * only. Names, descriptions and areas can be changed and a theme retired or
 * brought back; themes can be added (the id is made from the name and shown
 * after saving); ids never change; a name another theme has is refused
 * beside the field with what was typed kept; every change is audited.
 */
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, themes } from "~db/schema";
import { findTheme, listThemes } from "~/models/themes.server";
import * as editRoute from "~/routes/admin.themes_.$themeId";
import * as listRoute from "~/routes/admin.themes";
import { cookieFor, db, jsonOf, makePerson, makeRequest, run, useTestApp } from "../helpers/app";

useTestApp();

let adminCookie: string;

beforeAll(async () => {
  adminCookie = await cookieFor(makePerson({ roles: ["admin"] }).id);
});

const list = (cookie = adminCookie, query = "") => run(listRoute.loader, makeRequest(`/admin/themes${query}`, { cookie }));
const add = (form: Record<string, string>, cookie = adminCookie) => run(listRoute.action, makeRequest("/admin/themes", { cookie, form }));
const edit = (themeId: string, cookie = adminCookie) => run(editRoute.loader, makeRequest(`/admin/themes/${themeId}`, { cookie }), { themeId });
const save = (themeId: string, form: Record<string, string>, cookie = adminCookie) =>
  run(editRoute.action, makeRequest(`/admin/themes/${themeId}`, { cookie, form }), { themeId });
const ids = () => listThemes().map((t) => t.id);
const audits = (action: string) => db().select().from(auditLog).where(eq(auditLog.action, action)).all();

describe("the codebook", () => {
  it("lists every theme with its id, area, description and status for admins", async () => {
    const res = await list();
    expect(res.status).toBe(200);
    const data = await jsonOf(res);
    expect(data.themes.length).toBeGreaterThan(5);
    expect(data.themes.find((t: { id: string }) => t.id === "peer-support")).toMatchObject({ name: "Peer support structures", area: "capacity_collaboration", retiredAt: null });
    // No shared items yet: the candidates are withheld, not an empty list.
    expect(data.candidates).toBeNull();
  });

  it("is for admins only", async () => {
    const before = ids();
    for (const roles of [["facilitator"], ["clinical_lead"], ["advisory"]] as const) {
      const cookie = await cookieFor(makePerson({ roles: [...roles] }).id);
      expect((await list(cookie)).status).toBe(403);
      expect((await add({ name: "Sneaky", description: "x", area: "leadership_culture" }, cookie)).status).toBe(403);
      expect((await edit("peer-support", cookie)).status).toBe(403);
      expect((await save("peer-support", { name: "Hijacked", description: "x", area: "leadership_culture" }, cookie)).status).toBe(403);
    }
    const anonymous = await run(listRoute.loader, makeRequest("/admin/themes"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/sign-in/);
    expect(ids()).toEqual(before);
    expect(findTheme("peer-support")?.name).toBe("Peer support structures");
  });
});

describe("adding a theme", () => {
  it("makes its id from the name, shows it after saving and audits it", async () => {
    const res = await add({ name: "Financial wellbeing", description: "money worries, cost of living, salary sacrifice", area: "prioritise_identify" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin/themes?notice=added&theme=financial-wellbeing");
    expect(findTheme("financial-wellbeing")).toMatchObject({ name: "Financial wellbeing", area: "prioritise_identify", retiredAt: null });
    const after = await jsonOf(await list(adminCookie, "?notice=added&theme=financial-wellbeing"));
    expect(after.added).toEqual({ id: "financial-wellbeing", name: "Financial wellbeing" });
    expect(audits("theme_added").map((a) => a.targetId)).toContain("financial-wellbeing");
    // A banner is only for a theme that exists.
    expect((await jsonOf(await list(adminCookie, "?notice=added&theme=made-up"))).added).toBeNull();
  });

  it("refuses a name another theme has, beside the field, keeping what was typed", async () => {
    const before = ids();
    const res = await add({ name: "PEER SUPPORT STRUCTURES", description: "Typed description", area: "leadership_culture" });
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.errors).toEqual({ name: "There is already a theme with that name" });
    expect(body.values).toMatchObject({ name: "PEER SUPPORT STRUCTURES", description: "Typed description", area: "leadership_culture" });
    expect(ids()).toEqual(before);
  });

  it("checks the lengths and the area", async () => {
    const res = await add({ name: "x".repeat(81), description: "d".repeat(501), area: "somewhere" });
    expect(res.status).toBe(400);
    const { errors } = await jsonOf(res);
    expect(errors.name).toMatch(/80 characters/);
    expect(errors.description).toMatch(/500 characters/);
    expect(errors.area).toBe("Choose the area of the framework");
  });
});

describe("editing a theme", () => {
  it("changes the name, description and area, retires it and brings it back; the id never changes", async () => {
    const count = ids().length;
    expect((await edit("peer-support")).status).toBe(200);
    const res = await save("peer-support", { name: "Peer support", description: "huddles and buddying", area: "leadership_culture", retired: "yes" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin/themes?notice=saved&theme=peer-support");
    expect(findTheme("peer-support")).toMatchObject({ id: "peer-support", name: "Peer support", description: "huddles and buddying", area: "leadership_culture", retiredAt: expect.any(Number) });
    expect(ids().length).toBe(count);
    const last = audits("theme_updated").at(-1);
    expect(last?.targetId).toBe("peer-support");
    expect(JSON.parse(last?.detail ?? "{}").changed).toEqual(["name", "description", "area", "retired"]);

    const back = await save("peer-support", { name: "Peer support", description: "huddles and buddying", area: "leadership_culture" });
    expect(back.status).toBe(302);
    expect(findTheme("peer-support")?.retiredAt).toBeNull();
    expect(db().select().from(themes).where(eq(themes.id, "peer-support")).all()).toHaveLength(1);
  });

  it("refuses another theme's name beside the field, keeping what was typed and changing nothing", async () => {
    const other = listThemes().find((t) => t.id !== "peer-support")!;
    const res = await save("peer-support", { name: other.name.toUpperCase(), description: "Typed", area: "leadership_culture" });
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.errors).toEqual({ name: "There is already a theme with that name" });
    expect(body.values).toMatchObject({ name: other.name.toUpperCase(), description: "Typed" });
    expect(findTheme("peer-support")?.name).toBe("Peer support");
  });

  it("answers 404 for a theme that does not exist", async () => {
    expect((await edit("no-such-theme")).status).toBe(404);
    expect((await save("no-such-theme", { name: "New", description: "x", area: "leadership_culture" })).status).toBe(404);
  });
});
