/**
 * The advisory group's pages: /advisory (heatmap, trends, register, excerpts,
 * candidates), a gap's page, the figures CSV and the printable register.
 * Checked: nothing that leads to a person, a set or a meeting, and no in-set
 * text that was not shared, ever leaves; a scope with fewer than 8
 * contributors shows "not enough data" and no figures; counts from 1 to 7
 * show only as "<8"; excerpts only for themes with at least 8 contributors;
 * advisory members only; the register's rules, kept input and one audit row
 * per change.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { UNSAFE_RemixContext } from "@remix-run/react";
import { and, eq } from "drizzle-orm";
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import { beforeAll, describe, expect, it } from "vitest";
import { writeContributors } from "~db/contributors";
import { auditLog, gaps, interventions, shareProposals, sharedItemThemes, sharedItems } from "~db/schema";
import { flagRecurringThemes, gapRegister, monthOf } from "~/models/gaps.server";
import * as figuresCsv from "~/routes/advisory.figures[.]csv";
import * as gapRoute from "~/routes/advisory.gaps.$gapId";
import * as advisoryPage from "~/routes/advisory._index";
import * as printRoute from "~/routes/advisory.register.print";
import { newId } from "~/server/ids.server";
import { cookieFor, db, jsonOf, makePerson, makePlace, makeRequest, run, testContext, useTestApp } from "../helpers/app";
import { DAY, makeAction, makeMeeting, makeSet } from "../helpers/sets";

useTestApp();

/** What must never reach an advisory member. */
const secrets: string[] = [];
let fpAlpha: string;
let fpBravo: string;
let fpCharlie: string;
let advisory: { id: string };
let advisoryCookie: string;
let gapId: string;

/**
 * A set whose members each share one item, written as the sharing model's
 * publish writes it: the private proposal (pointing one way to the shared
 * record), the shared item with its footprint and month, one row per theme,
 * and the private rows counting the people behind it.
 */
function setSharing(footprintId: string, label: string, people: number, themesOf: (i: number) => string[]) {
  const names = Array.from({ length: people }, (_, i) => `Zephyrine Quillfeather ${label}${i}`);
  const set = makeSet(footprintId, { members: names, facilitatorName: `Facilitator Ottoline ${label}` });
  const startsAt = Date.now() - 3 * DAY;
  const meetingId = makeMeeting(set.cohortId, startsAt);
  const month = monthOf(startsAt);
  secrets.push(set.cohortId, `Set ${set.cohortId.slice(0, 6)}`, meetingId, set.facilitator.id, set.facilitator.email, `Facilitator Ottoline ${label}`, ...names);
  set.members.forEach((m, i) => {
    secrets.push(m.id, m.email);
    const privateText = `PRIVATE in-set wording ${label}${i}: ask ${names[i]} to cover my clinic`;
    secrets.push(privateText);
    const actionId = makeAction({ cohortId: set.cohortId, meetingId, ownerId: m.id, text: privateText });
    const themeIds = themesOf(i);
    const itemId = newId();
    db()
      .insert(sharedItems)
      .values({ id: itemId, kind: "action", text: `Shared idea ${label}${i}: a monthly peer huddle on the ward`, footprintId, month, themeIds: JSON.stringify(themeIds) })
      .run();
    for (const themeId of themeIds) db().insert(sharedItemThemes).values({ sharedItemId: itemId, themeId, footprintId, month }).run();
    db()
      .insert(shareProposals)
      .values({
        id: newId(),
        kind: "action",
        actionId,
        meetingId,
        decision: "share",
        redactedText: `Shared idea ${label}${i}: a monthly peer huddle on the ward`,
        decidedBy: set.facilitator.id,
        decidedAt: startsAt + DAY,
        sharedAt: startsAt + DAY,
        sharedItemId: itemId,
        themeIds: JSON.stringify(themeIds),
      })
      .run();
    writeContributors(db(), itemId);
  });
  // A report-back the facilitator kept in the set: never shared.
  const keptAction = makeAction({ cohortId: set.cohortId, meetingId, ownerId: set.members[0].id, text: `PRIVATE kept action ${label}` });
  const keptText = `KEPT in the set ${label}: my manager will not release me`;
  secrets.push(`PRIVATE kept action ${label}`, keptText);
  db()
    .insert(shareProposals)
    .values({ id: newId(), kind: "action", actionId: keptAction, meetingId, decision: "keep", redactedText: keptText, decidedBy: set.facilitator.id, decidedAt: startsAt + DAY, themeIds: '["peer-support"]' })
    .run();
}

beforeAll(async () => {
  fpAlpha = makePlace("Alpha").footprintId;
  fpBravo = makePlace("Bravo").footprintId;
  fpCharlie = makePlace("Charlie").footprintId;
  // Alpha: 10 people share peer support; 3 of them also tag workload (3 contributors only).
  setSharing(fpAlpha, "a", 10, (i) => (i < 3 ? ["peer-support", "workload-and-rest"] : ["peer-support"]));
  // Bravo: 5 people; Charlie: 3 people. 18 for peer support, 3 sets in 3 footprints: it is flagged.
  setSharing(fpBravo, "b", 5, () => ["peer-support"]);
  setSharing(fpCharlie, "c", 3, () => ["peer-support"]);
  // Alpha again: 9 more people share items that match no theme (candidates for a new one).
  setSharing(fpAlpha, "d", 9, () => []);
  expect(flagRecurringThemes(Date.now())).toEqual(["peer-support"]);
  gapId = gapRegister()[0].id;
  advisory = makePerson({ roles: ["advisory"], name: "Avery Advisor" });
  advisoryCookie = await cookieFor(advisory.id);
});

const page = async (query = "", cookie = advisoryCookie) => run(advisoryPage.loader, makeRequest(`/advisory${query}`, { cookie }));
const gapPage = async (id = gapId, cookie = advisoryCookie) => run(gapRoute.loader, makeRequest(`/advisory/gaps/${id}`, { cookie }), { gapId: id });
const gapPost = async (form: Record<string, string | string[]>, id = gapId, cookie = advisoryCookie) =>
  run(gapRoute.action, makeRequest(`/advisory/gaps/${id}`, { cookie, form }), { gapId: id });
const csv = async (query = "", cookie = advisoryCookie) => run(figuresCsv.loader, makeRequest(`/advisory/figures.csv${query}`, { cookie }));
const print = async (cookie = advisoryCookie) => run(printRoute.loader, makeRequest("/advisory/register/print", { cookie }));

/** The page as the browser gets it: the route's loader and component, rendered on a static router. */
async function renderPage(route: { loader: (args: LoaderFunctionArgs) => unknown; default: ComponentType }, path: string, pattern: string, cookie = advisoryCookie) {
  const handler = createStaticHandler([{ id: "page", path: pattern, loader: (args) => route.loader(args as unknown as LoaderFunctionArgs) as Promise<Response>, Component: route.default }]);
  const context = await handler.query(makeRequest(path, { cookie }), { requestContext: testContext() });
  if (context instanceof Response) throw new Error(`The page answered ${context.status}`);
  const router = createStaticRouter(handler.dataRoutes, context);
  // Just enough of Remix's context for its Link and Form.
  const remix = { manifest: { routes: {}, entry: { imports: [], module: "" }, url: "", version: "" }, routeModules: {}, future: {}, isSpaMode: false };
  return renderToString(
    createElement(UNSAFE_RemixContext.Provider, { value: remix as never }, createElement(StaticRouterProvider, { router, context, hydrate: false })),
  );
}

/** Every figure the page shows: 0, <8, or a multiple of 5 from 10 up. */
function expectDisclosed(figures: string[]) {
  expect(figures.length).toBeGreaterThan(0);
  for (const f of figures) {
    if (f === "0" || f === "<8") continue;
    expect(f).toMatch(/^\d[\d,]*$/);
    const n = Number(f.replace(/,/g, ""));
    expect(n % 5, `figure ${f}`).toBe(0);
    expect(n, `figure ${f}`).toBeGreaterThanOrEqual(10);
  }
}

const gapAudits = () => db().select().from(auditLog).where(eq(auditLog.targetId, gapId)).all().filter((a) => a.action !== "gap_flagged");

describe("nothing that leads to a person, a set or a meeting leaves", () => {
  it("on the page, a gap's page, the CSV and the printable register", async () => {
    const bodies: Array<[string, string]> = [];
    for (const query of ["", `?footprint=${fpAlpha}`, `?footprint=${fpCharlie}`]) {
      const res = await page(query);
      expect(res.status).toBe(200);
      bodies.push([`/advisory${query}`, await res.text()]);
      const file = await csv(query);
      expect(file.status).toBe(200);
      bodies.push([`/advisory/figures.csv${query}`, await file.text()]);
    }
    const g = await gapPage();
    expect(g.status).toBe(200);
    bodies.push(["gap page", await g.text()]);
    const p = await print();
    expect(p.status).toBe(200);
    bodies.push(["print", await p.text()]);
    for (const query of ["", `?footprint=${fpAlpha}`, `?footprint=${fpCharlie}`]) {
      bodies.push([`/advisory${query} as HTML`, await renderPage(advisoryPage, `/advisory${query}`, "/advisory")]);
    }
    bodies.push(["gap page as HTML", await renderPage(gapRoute, `/advisory/gaps/${gapId}`, "/advisory/gaps/:gapId")]);
    bodies.push(["print as HTML", await renderPage(printRoute, "/advisory/register/print", "/advisory/register/print")]);
    expect(secrets.length).toBeGreaterThan(50);
    for (const [where, body] of bodies) {
      for (const secret of secrets) expect(body.includes(secret), `${where} holds "${secret}"`).toBe(false);
    }
    // What was shared does reach them.
    expect(bodies[0][1]).toContain("a monthly peer huddle on the ward");
  });
});

describe("the figures", () => {
  it("show themes by footprint and by month, with counts from 1 to 7 only as <8", async () => {
    const data = await jsonOf(await page());
    const f = data.figures;
    expect(f).not.toBeNull();
    expect(f.columns.map((c: { name: string }) => c.name)).toEqual(["Footprint Alpha", "Footprint Bravo", "Footprint Charlie"]);
    const peer = f.heat.find((h: { themeId: string }) => h.themeId === "peer-support");
    expect(peer.cells).toEqual(["10", "<8", "<8"]);
    expect(peer.bands).toEqual([2, 1, 1]);
    const workload = f.heat.find((h: { themeId: string }) => h.themeId === "workload-and-rest");
    expect(workload.cells).toEqual(["<8", "0", "0"]);
    expectDisclosed(f.heat.flatMap((h: { cells: string[] }) => h.cells));
    expectDisclosed(f.trends.flatMap((t: { trend: string[] }) => t.trend));
    // Only themes with an item appear in the trends.
    expect(f.trends.map((t: { themeId: string }) => t.themeId).sort()).toEqual(["peer-support", "workload-and-rest"]);
    expect(f.trends.find((t: { themeId: string }) => t.themeId === "peer-support").trend.filter((x: string) => x !== "0")).toEqual(["20"]);
    expect(f.contributors).toBe("25");
    // The 9 items with no theme make one candidate, counted through the disclosure rule.
    expect(f.emergent).toEqual([{ terms: expect.arrayContaining(["huddle"]), count: "10" }]);
    // The default period: the gap window (6 months) ending this month.
    expect(data.filters.months).toHaveLength(24);
    expect(data.filters.to).toBe(data.filters.months[0]);
    expect(data.filters.from).toBe(data.filters.months[5]);
  });

  it("narrowed to one footprint show one column", async () => {
    const f = (await jsonOf(await page(`?footprint=${fpAlpha}`))).figures;
    expect(f.columns.map((c: { name: string }) => c.name)).toEqual(["Footprint Alpha"]);
    expect(f.heat.find((h: { themeId: string }) => h.themeId === "peer-support").cells).toEqual(["10"]);
  });

  it("say 'not enough data' and show no figure when fewer than 8 people contributed", async () => {
    for (const query of [`?footprint=${fpCharlie}`, `?footprint=${fpBravo}`]) {
      const res = await page(query);
      expect(res.status).toBe(200);
      const text = await res.text();
      const data = JSON.parse(text);
      expect(data.figures).toBeNull();
      expect(text).not.toContain("<8");
      expect(text).not.toMatch(/"cells"|"trend"|"excerpts"|"contributors"|huddle/);
    }
    // A period with nothing shared in it.
    const months = (await jsonOf(await page())).filters.months as string[];
    const empty = await jsonOf(await page(`?from=${months[23]}&to=${months[20]}`));
    expect(empty.figures).toBeNull();
  });

  it("accept only offered months and known footprints, and swap months given backwards", async () => {
    const data = await jsonOf(await page("?from=1999-01&to=banana&footprint=guessed"));
    expect(data.filters.from).toBe(data.filters.months[5]);
    expect(data.filters.to).toBe(data.filters.months[0]);
    expect(data.filters.footprintId).toBeNull();
    const months = data.filters.months as string[];
    const swapped = await jsonOf(await page(`?from=${months[0]}&to=${months[3]}`));
    expect(swapped.filters).toMatchObject({ from: months[3], to: months[0], swapped: true });
  });
});

describe("the page as HTML", () => {
  it("has the heatmap with its key in words, charts with a table alternative, excerpts and the downloads", async () => {
    const html = await renderPage(advisoryPage, "/advisory", "/advisory");
    expect(html).toContain("<h1>Advisory group</h1>");
    expect(html).toContain("Shared items by theme and footprint");
    expect(html).toMatch(/class="nhsuk-table__cell nhsuk-table__cell--numeric app-heat app-heat-2">10</);
    expect(html).toContain("&lt;8: from 1 to 7");
    expect(html).toMatch(/role="img" aria-label="Peer support structures, items by month, [^"]+: highest 20 in/);
    expect(html).toContain("Show as a table");
    expect(html).toContain("a monthly peer huddle on the ward");
    expect(html).toContain("Not enough people have contributed to show excerpts.");
    expect(html).toMatch(/href="\/advisory\/figures\.csv\?from=\d{4}-\d{2}&amp;to=\d{4}-\d{2}">Download these figures \(CSV\)</);
    expect(html).toContain('href="/advisory/register/print">Printable gap register<');
    expect(html).toContain(`href="/advisory/gaps/${gapId}"`);
    // The filter is a GET form of two month selects and a footprint select.
    expect(html).toMatch(/<form method="get"/);
    for (const id of ["from", "to", "footprint"]) expect(html).toContain(`<select class="nhsuk-select" id="${id}" name="${id}">`);
  });

  it("shows only the message, and no figure, when fewer than 8 people contributed", async () => {
    const html = await renderPage(advisoryPage, `/advisory?footprint=${fpCharlie}`, "/advisory");
    expect(html).toContain("Not enough data: fewer than 8 people contributed in this period and footprint. Choose a longer period or all footprints.");
    expect(html).not.toContain("&lt;8");
    expect(html).not.toContain("app-heat-");
    expect(html).not.toContain('role="img"');
    expect(html).not.toContain("figures.csv");
  });

  it("gives a gap's page its forms with ids kept apart", async () => {
    const html = await renderPage(gapRoute, `/advisory/gaps/${gapId}`, "/advisory/gaps/:gapId");
    for (const id of ["update-status", "update-reason", "update-ownerId", "update-notes", "add-title", "add-description", "add-provider", "add-link", "add-footprintIds", "add-inPlace"]) {
      expect(html).toContain(`id="${id}"`);
    }
    expect(html).toContain("From ");
  });
});

describe("excerpts", () => {
  it("are shown only for themes at least 8 people contributed to, at most 5 each", async () => {
    const f = (await jsonOf(await page())).figures;
    const peer = f.excerpts.find((e: { themeId: string }) => e.themeId === "peer-support");
    expect(peer.allowed).toBe(true);
    expect(peer.items.length).toBe(5);
    for (const item of peer.items) expect(item).toEqual({ text: expect.stringContaining("peer huddle"), kind: "action", month: expect.stringMatching(/^\d{4}-\d{2}$/) });
    const workload = f.excerpts.find((e: { themeId: string }) => e.themeId === "workload-and-rest");
    expect(workload).toEqual({ themeId: "workload-and-rest", name: expect.any(String), allowed: false, items: [] });
  });
});

describe("the figures CSV", () => {
  it("holds the disclosed figures by month, theme and footprint, and is audited with the period only", async () => {
    const before = db().select().from(auditLog).where(eq(auditLog.action, "advisory_figures_exported")).all().length;
    const res = await csv();
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/csv/);
    expect(res.headers.get("Content-Disposition")).toMatch(/^attachment; filename="advisory-figures-\d{4}-\d{2}-to-\d{4}-\d{2}\.csv"$/);
    const lines = (await res.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines[0]).toBe('"Month","Theme id","Theme","Footprint","Shared items"');
    const rows = lines.slice(1).map((l) => l.slice(1, -1).split('","'));
    expect(rows.find((r) => r[1] === "peer-support" && r[3] === "Footprint Alpha")?.[4]).toBe("10");
    expect(rows.find((r) => r[1] === "peer-support" && r[3] === "Footprint Charlie")?.[4]).toBe("<8");
    expectDisclosed(rows.map((r) => r[4]));
    const audits = db().select().from(auditLog).where(eq(auditLog.action, "advisory_figures_exported")).all();
    expect(audits.length).toBe(before + 1);
    const detail = JSON.parse(audits[audits.length - 1].detail ?? "{}");
    expect(Object.keys(detail).sort()).toEqual(["footprint", "from", "to"]);
    expect(audits[audits.length - 1].actorId).toBe(advisory.id);
  });

  it("holds one explanatory row and no figure when fewer than 8 people contributed", async () => {
    const res = await csv(`?footprint=${fpCharlie}`);
    expect(res.status).toBe(200);
    const lines = (await res.text()).replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/^"Not enough data: fewer than 8 people contributed/);
    expect(lines[1]).not.toContain("<8");
  });
});

describe("who may see them", () => {
  it("advisory members only: admins, facilitators and leads get 403, anonymous visitors the sign-in page", async () => {
    const others = [makePerson({ roles: ["admin"] }), makePerson({ roles: ["facilitator"] }), makePerson({ roles: ["clinical_lead"] })];
    for (const person of others) {
      const cookie = await cookieFor(person.id);
      expect((await page("", cookie)).status).toBe(403);
      expect((await gapPage(gapId, cookie)).status).toBe(403);
      expect((await gapPost({ intent: "update", status: "under_review", notes: "" }, gapId, cookie)).status).toBe(403);
      expect((await csv("", cookie)).status).toBe(403);
      expect((await print(cookie)).status).toBe(403);
    }
    for (const res of [
      await run(advisoryPage.loader, makeRequest("/advisory")),
      await run(gapRoute.loader, makeRequest(`/advisory/gaps/${gapId}`), { gapId }),
      await run(figuresCsv.loader, makeRequest("/advisory/figures.csv")),
      await run(printRoute.loader, makeRequest("/advisory/register/print")),
    ]) {
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toMatch(/^\/sign-in/);
    }
    expect(db().select().from(gaps).where(eq(gaps.id, gapId)).get()?.status).toBe("flagged");
  });

  it("an unknown gap id gets the same 403 as not being allowed", async () => {
    expect((await gapPage("guessed-id")).status).toBe(403);
    expect((await gapPost({ intent: "update", status: "under_review", notes: "" }, "guessed-id")).status).toBe(403);
  });
});

describe("the gap register", () => {
  it("lists the flagged theme with its evidence in figures that passed the disclosure rule", async () => {
    const data = await jsonOf(await page());
    expect(data.register).toEqual([{ id: gapId, themeName: expect.any(String), status: "flagged", ownerName: null, flaggedAt: expect.any(Number), updatedAt: expect.any(Number) }]);
    const g = await jsonOf(await gapPage());
    expect(g.gap.evidence).toMatchObject({ sets: "<8", footprints: "<8", people: "20", items: "20", notDoneBarriers: "0" });
    expect(g.next).toEqual(["under_review", "not_a_gap"]);
    expect(g.members.map((m: { name: string }) => m.name)).toContain("Avery Advisor");
  });

  it("refuses a move the rules do not allow, beside the field, keeping what was typed and changing nothing", async () => {
    const before = gapAudits().length;
    const jump = await gapPost({ intent: "update", status: "in_place", reason: "", ownerId: advisory.id, notes: "Typed notes to keep" });
    expect(jump.status).toBe(400);
    const body = await jsonOf(jump);
    expect(body.errors.status).toBe('A gap that is "Flagged" cannot move to "Intervention in place"');
    expect(body.values).toMatchObject({ intent: "update", status: "in_place", ownerId: advisory.id, notes: "Typed notes to keep" });

    const noReason = await jsonOf(await gapPost({ intent: "update", status: "not_a_gap", reason: "  ", ownerId: "", notes: "" }));
    expect(noReason.errors.reason).toBe("Say why this is not a gap");

    const notMember = await jsonOf(await gapPost({ intent: "update", status: "under_review", reason: "", ownerId: makePerson({ roles: ["facilitator"] }).id, notes: "" }));
    expect(notMember.errors.ownerId).toBe("Choose a member of the advisory group");

    const tooLong = await jsonOf(await gapPost({ intent: "update", status: "under_review", reason: "", ownerId: "", notes: "x".repeat(4001) }));
    expect(tooLong.errors.notes).toMatch(/4,000/);

    const gap = db().select().from(gaps).where(eq(gaps.id, gapId)).get();
    expect(gap).toMatchObject({ status: "flagged", ownerId: null, notes: "" });
    expect(gapAudits().length).toBe(before);
  });

  it("moves flagged → under review → being designed → in place, one audit row per change", async () => {
    let audits = gapAudits().length;
    const step = async (form: Record<string, string | string[]>, notice: string) => {
      const res = await gapPost(form);
      expect(res.status, JSON.stringify(await res.clone().text())).toBe(302);
      expect(res.headers.get("Location")).toBe(`/advisory/gaps/${gapId}?notice=${notice}`);
      const now = gapAudits().length;
      expect(now).toBe(audits + 1);
      audits = now;
    };
    await step({ intent: "update", status: "under_review", reason: "", ownerId: advisory.id, notes: "Discussed at the March meeting" }, "updated");
    expect(db().select().from(gaps).where(eq(gaps.id, gapId)).get()).toMatchObject({ status: "under_review", ownerId: advisory.id, notes: "Discussed at the March meeting" });
    await step({ intent: "update", status: "designing", reason: "", ownerId: advisory.id, notes: "Discussed at the March meeting" }, "updated");

    // In place needs an intervention in place first.
    const early = await gapPost({ intent: "update", status: "in_place", reason: "", ownerId: advisory.id, notes: "Discussed at the March meeting" });
    expect(early.status).toBe(400);
    expect((await jsonOf(early)).errors.status).toBe("Add the intervention and mark it in place first");
    expect(gapAudits().length).toBe(audits);

    // An intervention form with problems comes back with each beside its field.
    const bad = await gapPost({ intent: "add-intervention", title: "Peer huddles", description: "Weekly huddles", provider: "ICS wellbeing hub", link: "http://example.org/huddles" });
    expect(bad.status).toBe(400);
    const badBody = await jsonOf(bad);
    expect(badBody.errors.link).toMatch(/https/);
    expect(badBody.errors.footprintIds).toBe("Choose at least one footprint it covers");
    expect(badBody.values).toMatchObject({ title: "Peer huddles", provider: "ICS wellbeing hub" });
    expect(db().select().from(interventions).where(eq(interventions.gapId, gapId)).all()).toHaveLength(0);

    await step(
      { intent: "add-intervention", title: "Peer huddles", description: "Weekly huddles with a trained lead", provider: "ICS wellbeing hub", link: "https://example.org/huddles", footprintIds: [fpAlpha, fpBravo] },
      "intervention-added",
    );
    const [added] = db().select().from(interventions).where(eq(interventions.gapId, gapId)).all();
    expect(added.inPlaceAt).toBeNull();
    await step({ intent: "in-place", interventionId: added.id }, "in-place");
    await step({ intent: "update", status: "in_place", reason: "", ownerId: advisory.id, notes: "Discussed at the March meeting" }, "updated");
    expect(db().select().from(gaps).where(eq(gaps.id, gapId)).get()?.status).toBe("in_place");

    const g = await jsonOf(await gapPage());
    expect(g.gap.interventions).toEqual([
      expect.objectContaining({ title: "Peer huddles", link: "https://example.org/huddles", inPlaceAt: expect.any(Number), footprints: [expect.objectContaining({ name: "Footprint Alpha" }), expect.objectContaining({ name: "Footprint Bravo" })] }),
    ]);
    expect(g.next).toEqual(["closed", "designing"]);
    const actions = gapAudits().map((a) => a.action);
    expect(actions).toEqual(["gap_updated", "gap_updated", "intervention_added", "intervention_in_place", "gap_updated"]);
    for (const a of gapAudits()) expect(a.actorId).toBe(advisory.id);

    // The printable register shows it all in words.
    const printed = await jsonOf(await print());
    expect(printed.entries[0]).toMatchObject({ status: "in_place", ownerName: "Avery Advisor", notes: "Discussed at the March meeting" });
    expect(printed.entries[0].interventions[0].footprints).toEqual(["Footprint Alpha", "Footprint Bravo"]);
  });

  it("closes only with a reason", async () => {
    const res = await gapPost({ intent: "update", status: "closed", reason: "", ownerId: advisory.id, notes: "Discussed at the March meeting" });
    expect((await jsonOf(res)).errors.reason).toBe("Say why the gap is closed");
    const ok = await gapPost({ intent: "update", status: "closed", reason: "Huddles run in both footprints", ownerId: advisory.id, notes: "Discussed at the March meeting" });
    expect(ok.status).toBe(302);
    expect(db().select().from(gaps).where(and(eq(gaps.id, gapId), eq(gaps.status, "closed"))).get()?.reason).toBe("Huddles run in both footprints");
    // Its reason cannot be emptied while its notes are saved.
    const emptied = await gapPost({ intent: "update", status: "closed", reason: "", ownerId: advisory.id, notes: "Later notes" });
    expect((await jsonOf(emptied)).errors.reason).toBe("Say why the gap is closed");
    expect(db().select().from(gaps).where(eq(gaps.id, gapId)).get()).toMatchObject({ reason: "Huddles run in both footprints", notes: "Discussed at the March meeting" });
    // A closed entry takes no intervention.
    const late = await gapPost({ intent: "add-intervention", title: "More", description: "More", provider: "Someone", link: "", footprintIds: fpAlpha });
    expect(late.status).toBe(400);
    expect((await jsonOf(late)).formError).toBe("This entry is closed");
  });

  it("refuses an unknown intent", async () => {
    const res = await gapPost({ intent: "delete" });
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).formError).toMatch(/unknown action/);
  });
});
