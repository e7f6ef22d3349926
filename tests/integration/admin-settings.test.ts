/**
 * /admin/settings: admins only; whole numbers within each setting's range,
 * with the error beside the field and what was typed kept; saved in one go
 * with one audit entry naming what changed (old → new); nothing written when
 * nothing changed; a bad stored value reads as the default.
 */
import { eq } from "drizzle-orm";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { auditLog, settings } from "~db/schema";
import { defaultSettings, getSettings, SETTING_DEFINITIONS, updateSettings } from "~/models/settings.server";
import * as settingsRoute from "~/routes/admin.settings";
import { cookieFor, db, jsonOf, makePerson, makeRequest, run, useTestApp } from "../helpers/app";

useTestApp();

let admin: { id: string };
let adminCookie: string;

beforeAll(async () => {
  admin = makePerson({ roles: ["admin"], name: "Ada Admin" });
  adminCookie = await cookieFor(admin.id);
});

beforeEach(() => {
  db().delete(settings).run();
});

const audits = () => db().select().from(auditLog).where(eq(auditLog.action, "settings_updated")).all();
// The gap thresholds (the themes work's settings) are sent unchanged unless a test says otherwise.
const GAP_DEFAULTS = { gapWindowMonths: "6", gapMinCohorts: "3", gapMinFootprints: "2", gapMinPeople: "8", gapMinWeight: "10", wellbeingCheck: "0" };
const post = (form: Record<string, string>, cookie = adminCookie) =>
  run(settingsRoute.action, makeRequest("/admin/settings", { cookie, form: { ...GAP_DEFAULTS, ...form } }));

describe("settings", () => {
  it("default to 90 days' retention and a 7-day sharing notice", () => {
    expect(getSettings()).toMatchObject({ retentionDays: 90, shareNoticeDays: 7 });
    expect(defaultSettings()).toEqual({ retentionDays: 90, shareNoticeDays: 7, gapWindowMonths: 6, gapMinCohorts: 3, gapMinFootprints: 2, gapMinPeople: 8, gapMinWeight: 10, wellbeingCheck: 0 });
    expect(SETTING_DEFINITIONS.retentionDays).toMatchObject({ min: 7, max: 3650 });
    expect(SETTING_DEFINITIONS.shareNoticeDays).toMatchObject({ min: 0, max: 30 });
  });

  it("are shown to admins with their words and current values, and to no one else", async () => {
    const page = await run(settingsRoute.loader, makeRequest("/admin/settings", { cookie: adminCookie }));
    expect(page.status).toBe(200);
    const body = await jsonOf(page);
    expect(body.settings).toMatchObject({ retentionDays: 90, shareNoticeDays: 7 });
    expect(body.fields.map((f: { key: string }) => f.key)).toEqual(["retentionDays", "shareNoticeDays", "gapWindowMonths", "gapMinCohorts", "gapMinFootprints", "gapMinPeople", "gapMinWeight", "wellbeingCheck"]);
    expect(body.fields[0].hint).toMatch(/deleted/);

    for (const roles of [["facilitator"], ["clinical_lead"], ["advisory"]] as const) {
      const cookie = await cookieFor(makePerson({ roles: [...roles] }).id);
      expect((await run(settingsRoute.loader, makeRequest("/admin/settings", { cookie }))).status).toBe(403);
      expect((await post({ retentionDays: "10", shareNoticeDays: "0" }, cookie)).status).toBe(403);
    }
    const anonymous = await run(settingsRoute.loader, makeRequest("/admin/settings"));
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get("Location")).toMatch(/^\/sign-in/);
    expect(getSettings()).toMatchObject({ retentionDays: 90, shareNoticeDays: 7 });
  });

  it("save a change with one audit entry naming each changed setting, old → new", async () => {
    const before = audits().length;
    const res = await post({ retentionDays: " 120 ", shareNoticeDays: "7" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin/settings?notice=saved");
    expect(getSettings()).toMatchObject({ retentionDays: 120, shareNoticeDays: 7 });
    expect(audits()).toHaveLength(before + 1);
    const entry = audits().at(-1)!;
    expect(entry).toMatchObject({ actorId: admin.id, targetType: "settings", ip: "127.0.0.1" });
    expect(JSON.parse(entry.detail!)).toEqual({ retentionDays: "90→120" });
    expect(db().select().from(settings).where(eq(settings.key, "retentionDays")).get()).toMatchObject({ value: "120", updatedBy: admin.id });

    // Both at once, at the edges of their ranges.
    expect((await post({ retentionDays: "3650", shareNoticeDays: "0" })).status).toBe(302);
    expect(getSettings()).toMatchObject({ retentionDays: 3650, shareNoticeDays: 0 });
    expect(JSON.parse(audits().at(-1)!.detail!)).toEqual({ retentionDays: "120→3650", shareNoticeDays: "7→0" });
  });

  it("write nothing when nothing changed", async () => {
    const before = audits().length;
    const res = await post({ retentionDays: "90", shareNoticeDays: "7" });
    expect(res.headers.get("Location")).toBe("/admin/settings?notice=unchanged");
    expect(audits()).toHaveLength(before);
    expect(db().select().from(settings).all()).toEqual([]);
  });

  it("refuse values outside the range or not whole numbers, beside the field, keeping what was typed", async () => {
    const before = audits().length;
    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ retentionDays: "6", shareNoticeDays: "7" }, "retentionDays", /whole number of days from 7 to 3,650/],
      [{ retentionDays: "3651", shareNoticeDays: "7" }, "retentionDays", /from 7 to 3,650/],
      [{ retentionDays: "12.5", shareNoticeDays: "7" }, "retentionDays", /whole number/],
      [{ retentionDays: "ninety", shareNoticeDays: "7" }, "retentionDays", /whole number/],
      [{ retentionDays: "-1", shareNoticeDays: "7" }, "retentionDays", /whole number/],
      [{ retentionDays: "", shareNoticeDays: "7" }, "retentionDays", /Enter the number of days/],
      [{ retentionDays: "90", shareNoticeDays: "31" }, "shareNoticeDays", /from 0 to 30/],
      [{ retentionDays: "90" }, "shareNoticeDays", /Enter the number of days/],
      // Fewer than 8 people would let a flag point at a few people (the disclosure rule).
      [{ retentionDays: "90", shareNoticeDays: "7", gapMinPeople: "5" }, "gapMinPeople", /from 8 to 1,000/],
    ];
    for (const [form, field, message] of cases) {
      const res = await post(form);
      expect(res.status, JSON.stringify(form)).toBe(400);
      const body = await jsonOf(res);
      expect(body.errors[field], JSON.stringify(form)).toMatch(message);
      expect(body.values).toEqual({ ...GAP_DEFAULTS, ...form });
    }
    const unknown = await post({ retentionDays: "30", shareNoticeDays: "7", deleteEverything: "yes" });
    expect(unknown.status).toBe(400);
    expect((await jsonOf(unknown)).formError).toMatch(/field it does not have/);

    expect(getSettings()).toMatchObject({ retentionDays: 90, shareNoticeDays: 7 });
    expect(audits()).toHaveLength(before);
  });

  it("are checked by the model too, and a bad stored value reads as the default", () => {
    const actor = { id: admin.id, name: "Ada Admin" };
    expect(updateSettings({ retentionDays: 0 }, actor)).toEqual({ ok: false, errors: { retentionDays: expect.stringMatching(/from 7/) } });
    expect(updateSettings({ shareNoticeDays: 2.5 }, actor)).toMatchObject({ ok: false });
    expect(db().select().from(settings).all()).toEqual([]);
    // Only the settings given change.
    expect(updateSettings({ shareNoticeDays: 14 }, actor)).toEqual({ ok: true, changed: ["shareNoticeDays"] });
    expect(getSettings()).toMatchObject({ retentionDays: 90, shareNoticeDays: 14 });

    for (const value of ['"lots"', "1", "99999", "not json", "null"]) {
      db().insert(settings).values({ key: "retentionDays", value, updatedAt: Date.now() }).onConflictDoUpdate({ target: settings.key, set: { value } }).run();
      expect(getSettings().retentionDays, value).toBe(90);
    }
  });
});
