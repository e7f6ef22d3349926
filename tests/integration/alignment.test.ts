/**
 * Organisational alignment: an admin names an organisation's self-assessment
 * leads; a lead starts an assessment (one draft at a time), saves it as they
 * go, submits it (refused while a recommendation has no level, with the list
 * of what is missing), after which it is frozen; a later round is compared
 * with the one before. The footprint view shows disclosure-controlled counts
 * and the "place to look" highlight; CSV and print go to leads and admins
 * only, audited.
 */
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { AlignmentLevel } from "~db/enums";
import { assessmentAnswers, assessments, auditLog, organisationLeads, organisations, sharedItems, sharedItemThemes } from "~db/schema";
import { RECOMMENDATIONS } from "~/domain/recommendations";
import { compareLatest, footprintAlignment, leadOrganisations, nominateLead, saveAnswers, startAssessment, submitAssessment } from "~/models/alignment.server";
import { monthOf } from "~/models/gaps.server";
import * as adminOrgRoute from "~/routes/admin.organisations.$organisationId";
import * as adminViewRoute from "~/routes/admin.alignment";
import * as advisoryViewRoute from "~/routes/advisory.alignment";
import * as assessmentRoute from "~/routes/alignment.$assessmentId";
import * as csvRoute from "~/routes/alignment.$assessmentId[.]csv";
import * as printRoute from "~/routes/alignment.$assessmentId.print";
import * as homeRoute from "~/routes/alignment._index";
import { newId } from "~/server/ids.server";
import { cookieFor, db, jsonOf, makePerson, makePlace, makeRequest, run, useTestApp } from "../helpers/app";

useTestApp();

const DAY = 86_400_000;

function world() {
  const place = makePlace();
  const admin = makePerson({ roles: ["admin"] });
  const lead = makePerson({ roles: ["clinical_lead"], organisationId: place.organisationId });
  const colead = makePerson({ roles: ["facilitator"] });
  const outsider = makePerson({ roles: ["clinical_lead"] });
  const advisory = makePerson({ roles: ["advisory"] });
  nominateLead(place.organisationId, lead.id, { actorId: admin.id });
  nominateLead(place.organisationId, colead.id, { actorId: admin.id });
  return { ...place, admin, lead, colead, outsider, advisory };
}

const allLevels = (level: AlignmentLevel, overrides: Record<string, AlignmentLevel> = {}) =>
  Object.fromEntries(RECOMMENDATIONS.map((r) => [`${r.id}.level`, overrides[r.id] ?? level]));

const post = async (assessmentId: string, userId: string, form: Record<string, string>) =>
  run(assessmentRoute.action, makeRequest(`/alignment/${assessmentId}`, { cookie: await cookieFor(userId), form }), { assessmentId });

async function start(organisationId: string, userId: string, label: string) {
  return run(homeRoute.action, makeRequest("/alignment", { cookie: await cookieFor(userId), form: { intent: "start", organisationId, label } }));
}

const idFrom = (res: Response) => (res.headers.get("location") ?? "").replace("/alignment/", "");

/** A submitted assessment with the given level for every recommendation (by the model, for the footprint view). */
function submittedAssessment(organisationId: string, userId: string, levels: Record<string, AlignmentLevel>, now: number) {
  const started = startAssessment({ organisationId, userId, label: `Round ${now}`, now });
  if (!started.ok) throw new Error(started.message);
  saveAnswers({
    assessmentId: started.id,
    userId,
    now,
    answers: RECOMMENDATIONS.map((r) => ({ recommendationId: r.id, level: levels[r.id], evidence: "", nextStep: "", ownerRole: "", dueDate: null })),
  });
  const done = submitAssessment({ assessmentId: started.id, userId, now });
  if (!done.ok) throw new Error(done.message);
  return started.id;
}

describe("naming leads", () => {
  it("an admin names and removes a lead on the organisation page; only clinical leads or facilitators; audited", async () => {
    const place = makePlace();
    const admin = makePerson({ roles: ["admin"] });
    const lead = makePerson({ roles: ["clinical_lead"] });
    const advisory = makePerson({ roles: ["advisory"] });
    const cookie = await cookieFor(admin.id);
    const postOrg = (form: Record<string, string>) =>
      run(adminOrgRoute.action, makeRequest(`/admin/organisations/${place.organisationId}`, { cookie, form }), { organisationId: place.organisationId });

    expect((await postOrg({ intent: "add-lead", userId: lead.id })).status).toBe(302);
    expect(leadOrganisations(lead.id).map((o) => o.id)).toEqual([place.organisationId]);
    const refused = await postOrg({ intent: "add-lead", userId: advisory.id });
    expect(refused.status).toBe(400);
    expect((await jsonOf(refused)).errors).toEqual({ userId: "Choose an active clinical lead or facilitator" });

    const page = await jsonOf(await run(adminOrgRoute.loader, makeRequest(`/admin/organisations/${place.organisationId}`, { cookie }), { organisationId: place.organisationId }));
    expect(page.leads.map((l: { userId: string }) => l.userId)).toEqual([lead.id]);

    expect((await postOrg({ intent: "remove-lead", userId: lead.id })).status).toBe(302);
    expect(db().select().from(organisationLeads).where(eq(organisationLeads.organisationId, place.organisationId)).all()).toEqual([]);
    const audits = db().select().from(auditLog).where(and(eq(auditLog.targetId, place.organisationId), eq(auditLog.actorId, admin.id))).all();
    expect(audits.map((a) => a.action)).toEqual(["assessment_lead_named", "assessment_lead_removed"]);
  });

  it("a lead cannot name leads (403)", async () => {
    const w = world();
    const res = await run(adminOrgRoute.action, makeRequest(`/admin/organisations/${w.organisationId}`, { cookie: await cookieFor(w.lead.id), form: { intent: "add-lead", userId: w.outsider.id } }), {
      organisationId: w.organisationId,
    });
    expect(res.status).toBe(403);
  });
});

describe("the assessment workflow", () => {
  it("only a lead starts one, and only one draft at a time", async () => {
    const w = world();
    expect((await start(w.organisationId, w.outsider.id, "Baseline")).status).toBe(403);
    expect((await start(w.organisationId, w.admin.id, "Baseline")).status).toBe(403);
    const res = await start(w.organisationId, w.lead.id, "Baseline");
    expect(res.status).toBe(302);
    const again = await start(w.organisationId, w.colead.id, "Second");
    expect(again.status).toBe(409);
    expect((await jsonOf(again)).errors.label).toMatch(/A draft assessment \(Baseline\) is already open/);
    const home = await jsonOf(await run(homeRoute.loader, makeRequest("/alignment", { cookie: await cookieFor(w.lead.id) })));
    expect(home.organisations[0].assessments).toMatchObject([{ id: idFrom(res), label: "Baseline", status: "draft", answered: 0 }]);
    const empty = await jsonOf(await run(homeRoute.loader, makeRequest("/alignment", { cookie: await cookieFor(w.outsider.id) })));
    expect(empty.organisations).toEqual([]);
  });

  it("saves as it goes: each save keeps what was typed, records who changed each answer; a bad date changes nothing and comes back", async () => {
    const w = world();
    const id = idFrom(await start(w.organisationId, w.lead.id, "Baseline"));
    const saved = await post(id, w.lead.id, { intent: "save:mgr-5", "mgr-5.level": "partly", "mgr-5.evidence": "Schwartz Rounds monthly in two sites", "mgr-5.ownerRole": "Head of wellbeing", "mgr-5.dueDate": "2026-09-30" });
    expect(saved.status).toBe(302);
    expect(saved.headers.get("location")).toBe(`/alignment/${id}?notice=saved#mgr-5`);
    await post(id, w.colead.id, { intent: "save", "mgr-5.level": "partly", "mgr-5.evidence": "Schwartz Rounds monthly in two sites", "mgr-5.ownerRole": "Head of wellbeing", "mgr-5.dueDate": "2026-09-30", "org-1.level": "fully" });
    const rows = db().select().from(assessmentAnswers).where(eq(assessmentAnswers.assessmentId, id)).all();
    expect(rows.map((r) => [r.recommendationId, r.level, r.updatedBy]).sort()).toEqual([
      ["mgr-5", "partly", w.lead.id], // unchanged by the second save
      ["org-1", "fully", w.colead.id],
    ]);
    expect(rows.find((r) => r.recommendationId === "mgr-5")).toMatchObject({ evidence: "Schwartz Rounds monthly in two sites", ownerRole: "Head of wellbeing", dueDate: "2026-09-30" });

    const bad = await post(id, w.lead.id, { intent: "save", "org-2.evidence": "Joint hub with the council", "org-2.dueDate": "2026-02-30" });
    expect(bad.status).toBe(400);
    const body = await jsonOf(bad);
    expect(body.errors["org-2.dueDate"]).toMatch(/real date/);
    expect(body.values["org-2.evidence"]).toBe("Joint hub with the council");
    expect(db().select().from(assessmentAnswers).where(eq(assessmentAnswers.assessmentId, id)).all()).toHaveLength(2);

    const tooLong = await post(id, w.lead.id, { intent: "save", "org-2.evidence": "x".repeat(2001) });
    expect(tooLong.status).toBe(400);
    const unknown = await post(id, w.lead.id, { intent: "save", "org-9.level": "fully" });
    expect(unknown.status).toBe(400);
    expect((await jsonOf(unknown)).formError).toMatch(/field it does not have/);

    const page = await jsonOf(await run(assessmentRoute.loader, makeRequest(`/alignment/${id}`, { cookie: await cookieFor(w.lead.id) }), { assessmentId: id }));
    expect(page.access).toBe("lead");
    expect(page.assessment.answers).toHaveLength(17);
  });

  it("only leads change it: admins read it (403 on change), everyone else gets 403 both ways", async () => {
    const w = world();
    const id = idFrom(await start(w.organisationId, w.lead.id, "Baseline"));
    const admin = await jsonOf(await run(assessmentRoute.loader, makeRequest(`/alignment/${id}`, { cookie: await cookieFor(w.admin.id) }), { assessmentId: id }));
    expect(admin.access).toBe("admin");
    expect((await post(id, w.admin.id, { intent: "save", "org-1.level": "fully" })).status).toBe(403);
    for (const who of [w.outsider.id, w.advisory.id]) {
      expect((await run(assessmentRoute.loader, makeRequest(`/alignment/${id}`, { cookie: await cookieFor(who) }), { assessmentId: id })).status).toBe(403);
      expect((await post(id, who, { intent: "save", "org-1.level": "fully" })).status).toBe(403);
    }
    expect((await run(assessmentRoute.loader, makeRequest("/alignment/guessed", { cookie: await cookieFor(w.lead.id) }), { assessmentId: "guessed" })).status).toBe(403);
    expect(db().select().from(assessmentAnswers).where(eq(assessmentAnswers.assessmentId, id)).all()).toEqual([]);
  });

  it("submitting refuses what is incomplete with the missing list (keeping what was typed), needs the check, then freezes and dates it", async () => {
    const w = world();
    const id = idFrom(await start(w.organisationId, w.lead.id, "Baseline"));
    const partial = { ...allLevels("partly") };
    delete partial["org-2.level"];
    delete partial["mgr-7.level"];
    const refused = await post(id, w.lead.id, { intent: "submit", confirm: "yes", ...partial, "mgr-7.evidence": "Buddying for new starters only" });
    expect(refused.status).toBe(400);
    const body = await jsonOf(refused);
    expect(body.formError).toBe(
      "Choose how far each recommendation is in place before submitting. Still to answer: Organisations 2 (Regional and local partnerships), Managers 7 (Buddying and rotation).",
    );
    expect(Object.keys(body.errors).sort()).toEqual(["mgr-7.level", "org-2.level"]);
    // Saved anyway: nothing typed is lost.
    expect(db().select().from(assessmentAnswers).where(and(eq(assessmentAnswers.assessmentId, id), eq(assessmentAnswers.recommendationId, "mgr-7"))).get()?.evidence).toBe(
      "Buddying for new starters only",
    );
    expect(db().select({ s: assessments.status }).from(assessments).where(eq(assessments.id, id)).get()?.s).toBe("draft");

    const unconfirmed = await post(id, w.lead.id, { intent: "submit", ...allLevels("partly") });
    expect(unconfirmed.status).toBe(400);
    expect((await jsonOf(unconfirmed)).errors).toEqual({ confirm: "Tick the box to confirm the answers are ready to submit" });

    const done = await post(id, w.lead.id, { intent: "submit", confirm: "yes", ...allLevels("partly"), "mgr-7.evidence": "Buddying for new starters only" });
    expect(done.status).toBe(302);
    const row = db().select().from(assessments).where(eq(assessments.id, id)).get()!;
    expect(row).toMatchObject({ status: "submitted", submittedBy: w.lead.id });
    expect(row.submittedAt).toBeGreaterThan(Date.now() - 60_000);
    expect(db().select().from(auditLog).where(and(eq(auditLog.action, "assessment_submitted"), eq(auditLog.targetId, id))).all()).toHaveLength(1);

    const later = await post(id, w.lead.id, { intent: "save", "org-1.level": "fully" });
    expect(later.status).toBe(409);
    expect((await jsonOf(later)).formError).toMatch(/submitted and can no longer be changed/);
    expect(db().select({ l: assessmentAnswers.level }).from(assessmentAnswers).where(and(eq(assessmentAnswers.assessmentId, id), eq(assessmentAnswers.recommendationId, "org-1"))).get()?.l).toBe("partly");
    expect(submitAssessment({ assessmentId: id, userId: w.lead.id, now: Date.now() })).toMatchObject({ ok: false, status: 409 });
  });

  it("is repeated later and shows what moved since the one before", async () => {
    const w = world();
    const baseline = idFrom(await start(w.organisationId, w.lead.id, "Baseline"));
    await post(baseline, w.lead.id, { intent: "submit", confirm: "yes", ...allLevels("partly", { "org-1": "not_in_place", "mgr-5": "fully" }) });
    const six = idFrom(await start(w.organisationId, w.lead.id, "6 months"));
    expect(six).not.toBe(baseline);
    // The new draft starts empty: the baseline stays as it was.
    expect(db().select().from(assessmentAnswers).where(eq(assessmentAnswers.assessmentId, six)).all()).toEqual([]);
    await post(six, w.colead.id, { intent: "submit", confirm: "yes", ...allLevels("partly", { "org-1": "fully", "mgr-5": "partly", "mgr-8": "fully" }) });

    const page = await jsonOf(await run(assessmentRoute.loader, makeRequest(`/alignment/${six}`, { cookie: await cookieFor(w.lead.id) }), { assessmentId: six }));
    expect(page.assessment.previous.label).toBe("Baseline");
    const moved = Object.fromEntries(page.assessment.moved.map((m: { recommendationId: string; movement: string }) => [m.recommendationId, m.movement]));
    expect(moved).toMatchObject({ "org-1": "up", "mgr-5": "down", "mgr-8": "up", "org-2": "unchanged" });
    const baselinePage = await jsonOf(await run(assessmentRoute.loader, makeRequest(`/alignment/${baseline}`, { cookie: await cookieFor(w.lead.id) }), { assessmentId: baseline }));
    expect(baselinePage.assessment.moved).toBeNull();

    const compared = compareLatest(w.organisationId)!;
    expect([compared.earlier.label, compared.later.label]).toEqual(["Baseline", "6 months"]);
    const home = await jsonOf(await run(homeRoute.loader, makeRequest("/alignment", { cookie: await cookieFor(w.lead.id) })));
    expect(home.organisations[0].lastMoved).toEqual({ earlier: "Baseline", later: "6 months", up: 2, down: 1 });
  });
});

describe("exports for the board", () => {
  it("CSV (formula-safe) and print for the organisation's leads and admins, audited; 403 for anyone else", async () => {
    const w = world();
    const id = idFrom(await start(w.organisationId, w.lead.id, "Baseline"));
    await post(id, w.lead.id, { intent: "submit", confirm: "yes", ...allLevels("fully"), "org-1.evidence": "=SUM(A1:A9)", "org-1.nextStep": "Board paper in March" });
    for (const who of [w.lead.id, w.admin.id]) {
      const cookie = await cookieFor(who);
      const csv = await run(csvRoute.loader, makeRequest(`/alignment/${id}.csv`, { cookie }), { assessmentId: id });
      expect(csv.status).toBe(200);
      expect(csv.headers.get("Content-Type")).toContain("text/csv");
      expect(csv.headers.get("Content-Disposition")).toMatch(/^attachment; filename="self-assessment-organisation-[a-z0-9-]+-baseline\.csv"$/);
      const text = await csv.text();
      expect(text.trim().split("\r\n")).toHaveLength(18);
      expect(text).toContain(`"'=SUM(A1:A9)"`);
      expect(text).toContain('"Board paper in March"');
      expect(text).toContain('"Fully in place"');
      const print = await run(printRoute.loader, makeRequest(`/alignment/${id}/print`, { cookie }), { assessmentId: id });
      expect(print.status).toBe(200);
      expect((await jsonOf(print)).assessment.answers).toHaveLength(17);
    }
    for (const who of [w.outsider.id, w.advisory.id]) {
      const cookie = await cookieFor(who);
      expect((await run(csvRoute.loader, makeRequest(`/alignment/${id}.csv`, { cookie }), { assessmentId: id })).status).toBe(403);
      expect((await run(printRoute.loader, makeRequest(`/alignment/${id}/print`, { cookie }), { assessmentId: id })).status).toBe(403);
    }
    const audits = db().select().from(auditLog).where(and(eq(auditLog.action, "assessment_exported"), eq(auditLog.targetId, id))).all();
    expect(audits).toHaveLength(4);
    expect(audits.every((a) => !String(a.detail).includes("Board paper"))).toBe(true);
  });
});

describe("the footprint view", () => {
  function footprintWithOrganisations(n: number) {
    const place = makePlace();
    const ids = [place.organisationId];
    for (let i = 1; i < n; i++) {
      const id = newId();
      db().insert(organisations).values({ id, name: `Org ${id}`, setting: "acute", footprintId: place.footprintId }).run();
      ids.push(id);
    }
    return { ...place, organisationIds: ids };
  }

  function shareItems(footprintId: string, themeId: string, count: number, now: number) {
    for (let i = 0; i < count; i++) {
      const id = newId();
      const month = monthOf(now);
      db().insert(sharedItems).values({ id, kind: "barrier", text: "x", footprintId, month, themeIds: JSON.stringify([themeId]) }).run();
      db().insert(sharedItemThemes).values({ sharedItemId: id, themeId, footprintId, month }).run();
    }
  }

  it("counts organisations at each level from their latest submitted assessment, through the disclosure rule, and highlights weak recommendations meeting a recurring theme", async () => {
    const now = Date.now();
    const f = footprintWithOrganisations(10);
    const lead = makePerson({ roles: ["clinical_lead"] });
    const admin = makePerson({ roles: ["admin"] });
    for (const o of f.organisationIds) nominateLead(o, lead.id, { actorId: admin.id });
    // 9 organisations submit; the first one later improves peer support everywhere; the tenth has only a draft.
    f.organisationIds.slice(0, 9).forEach((o, i) => {
      const levels = Object.fromEntries(RECOMMENDATIONS.map((r) => [r.id, "fully" as AlignmentLevel]));
      levels["mgr-5"] = "not_in_place";
      levels["mgr-8"] = "not_in_place";
      levels["org-1"] = i < 2 ? "partly" : "fully";
      submittedAssessment(o, lead.id, levels, now - 10 * DAY + i);
    });
    submittedAssessment(f.organisationIds[0], lead.id, Object.fromEntries(RECOMMENDATIONS.map((r) => [r.id, r.id === "mgr-8" ? "not_in_place" : "fully"])), now - DAY);
    startAssessment({ organisationId: f.organisationIds[9], userId: lead.id, label: "Baseline", now });
    shareItems(f.footprintId, "peer-support", 3, now);
    shareItems(f.footprintId, "clinical-supervision", 2, now); // not enough to recur

    const view = footprintAlignment(f.footprintId, now)!;
    expect(view.organisationsAssessed).toBe("10"); // 9, rounded to the nearest 5
    const row = (id: string) => view.recommendations.find((r) => r.id === id)!;
    expect(row("mgr-5")).toEqual({ id: "mgr-5", notInPlace: "10", partly: "0", fully: "<8", placeToLook: true, recurringThemes: ["Peer support structures"] });
    expect(row("mgr-8")).toMatchObject({ notInPlace: "10", fully: "0", placeToLook: false, recurringThemes: [] });
    expect(row("org-1")).toMatchObject({ notInPlace: "0", partly: "<8", fully: "10", placeToLook: false });
    expect(row("mgr-7")).toMatchObject({ fully: "10", placeToLook: false }); // peer support recurs, but mgr-7 is strong
    // Nothing about single organisations leaves: no ids, names or answers.
    expect(JSON.stringify(view)).not.toMatch(/Org |organisationId/);

    shareItems(f.footprintId, "clinical-supervision", 1, now);
    expect(footprintAlignment(f.footprintId, now)!.recommendations.find((r) => r.id === "mgr-8")).toMatchObject({ placeToLook: true, recurringThemes: ["Supervision and pastoral support"] });
  });

  it("is for admins and the advisory group (aggregates only); leads and facilitators get 403", async () => {
    const f = makePlace();
    const admin = makePerson({ roles: ["admin"] });
    const advisory = makePerson({ roles: ["advisory"] });
    const lead = makePerson({ roles: ["clinical_lead"] });
    const adminPage = await jsonOf(await run(adminViewRoute.loader, makeRequest(`/admin/alignment?footprint=${f.footprintId}`, { cookie: await cookieFor(admin.id) })));
    expect(adminPage.view.recommendations).toHaveLength(17);
    expect(adminPage.view.organisationsAssessed).toBe("0");
    const advisoryPage = await jsonOf(await run(advisoryViewRoute.loader, makeRequest(`/advisory/alignment?footprint=${f.footprintId}`, { cookie: await cookieFor(advisory.id) })));
    expect(advisoryPage.view.footprint.id).toBe(f.footprintId);
    expect((await jsonOf(await run(advisoryViewRoute.loader, makeRequest("/advisory/alignment?footprint=nope", { cookie: await cookieFor(advisory.id) })))).view).toBeNull();
    expect((await run(adminViewRoute.loader, makeRequest("/admin/alignment", { cookie: await cookieFor(advisory.id) }))).status).toBe(403);
    expect((await run(advisoryViewRoute.loader, makeRequest("/advisory/alignment", { cookie: await cookieFor(admin.id) }))).status).toBe(403);
    expect((await run(advisoryViewRoute.loader, makeRequest("/advisory/alignment", { cookie: await cookieFor(lead.id) }))).status).toBe(403);
  });
});
