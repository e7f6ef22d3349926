/**
 * Deny by default, checked from the outside: every route of the build, for an
 * anonymous visitor and each role, gets the intended answer (the page, a
 * redirect, or 403). A route added without a row here fails the test, so no
 * page escapes the table.
 */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInOverHttp, startBuiltServer, type RunningServer } from "../helpers/server";

type Who = "anonymous" | "admin" | "facilitator" | "lead" | "advisory";
const WHO: Who[] = ["anonymous", "admin", "facilitator", "lead", "advisory"];
const EMAILS: Record<Exclude<Who, "anonymous">, string> = {
  admin: "admin@example.com",
  facilitator: "facilitator@example.com",
  lead: "lead@example.com",
  advisory: "advisory@example.com",
};

/** "page" = 200; "sign-in" = redirect to /sign-in; "403"; "404"; or "→/path" = redirect there. */
type Answer = "page" | "sign-in" | "403" | "404" | `→${string}`;
type Case = { url: (ids: Ids) => string; expect: Record<Who, Answer> };

const everyone: Record<Who, Answer> = { anonymous: "page", admin: "page", facilitator: "page", lead: "page", advisory: "page" };
const signedIn: Record<Who, Answer> = { anonymous: "sign-in", admin: "page", facilitator: "page", lead: "page", advisory: "page" };
const adminOnly: Record<Who, Answer> = { anonymous: "sign-in", admin: "page", facilitator: "403", lead: "403", advisory: "403" };
const anonymousOnly: Record<Who, Answer> = { anonymous: "page", admin: "→/", facilitator: "→/", lead: "→/", advisory: "→/" };

type Ids = { cmCohort: string; gmCohort: string; footprint: string; organisation: string; person: string; meeting: string; action: string };

const TABLE: Record<string, Case[]> = {
  "routes/_index": [{ url: () => "/", expect: { anonymous: "sign-in", admin: "→/admin", facilitator: "→/facilitator", lead: "→/lead", advisory: "→/advisory" } }],
  "routes/accessibility": [{ url: () => "/accessibility", expect: everyone }],
  "routes/privacy": [{ url: () => "/privacy", expect: everyone }],
  "routes/sign-in": [{ url: () => "/sign-in", expect: anonymousOnly }],
  "routes/sign-in_.two-factor": [{ url: () => "/sign-in/two-factor", expect: { anonymous: "sign-in", admin: "→/", facilitator: "→/", lead: "→/", advisory: "→/" } }],
  "routes/sign-out": [{ url: () => "/sign-out", expect: anonymousOnly }],
  "routes/forgot-password": [{ url: () => "/forgot-password", expect: everyone }],
  "routes/invitation.$token": [{ url: () => "/invitation/not-a-real-token", expect: everyone }],
  "routes/reset-password.$token": [{ url: () => "/reset-password/not-a-real-token", expect: everyone }],
  "routes/account._index": [{ url: () => "/account", expect: signedIn }],
  "routes/account.two-factor": [{ url: () => "/account/two-factor", expect: signedIn }],
  // Each person's own data, whoever they are (the person comes from the session).
  "routes/account.data[.]json": [{ url: () => "/account/data.json", expect: signedIn }],
  // Each person's own wellbeing check (consent, their answers, support): whoever they are, only their own.
  "routes/wellbeing._index": [{ url: () => "/wellbeing", expect: signedIn }],
  "routes/facilitator._index": [{ url: () => "/facilitator", expect: { anonymous: "sign-in", admin: "403", facilitator: "page", lead: "403", advisory: "403" } }],
  "routes/lead._index": [{ url: () => "/lead", expect: { anonymous: "sign-in", admin: "403", facilitator: "403", lead: "page", advisory: "403" } }],
  "routes/advisory._index": [{ url: () => "/advisory", expect: { anonymous: "sign-in", admin: "403", facilitator: "403", lead: "403", advisory: "page" } }],
  // The advisory group's register, figures and print: advisory members only; an unknown gap id gets the same 403 as not being allowed.
  "routes/advisory.gaps.$gapId": [{ url: () => "/advisory/gaps/guessed-id", expect: { anonymous: "sign-in", admin: "403", facilitator: "403", lead: "403", advisory: "403" } }],
  "routes/advisory.figures[.]csv": [{ url: () => "/advisory/figures.csv", expect: { anonymous: "sign-in", admin: "403", facilitator: "403", lead: "403", advisory: "page" } }],
  "routes/advisory.register.print": [{ url: () => "/advisory/register/print", expect: { anonymous: "sign-in", admin: "403", facilitator: "403", lead: "403", advisory: "page" } }],
  "routes/cohorts.$cohortId": [
    // The lead's own cohort (facilitated by the demo facilitator).
    { url: (ids) => `/cohorts/${ids.cmCohort}`, expect: { anonymous: "sign-in", admin: "page", facilitator: "page", lead: "page", advisory: "403" } },
    // Another cohort: a clinical lead cannot see it.
    { url: (ids) => `/cohorts/${ids.gmCohort}`, expect: { anonymous: "sign-in", admin: "page", facilitator: "page", lead: "403", advisory: "403" } },
    { url: () => "/cohorts/guessed-id", expect: { anonymous: "sign-in", admin: "403", facilitator: "403", lead: "403", advisory: "403" } },
  ],
  "routes/cohorts.$cohortId_.schedule": [
    { url: (ids) => `/cohorts/${ids.cmCohort}/schedule`, expect: { anonymous: "sign-in", admin: "page", facilitator: "page", lead: "403", advisory: "403" } },
  ],
  // A meeting of the lead's own cohort, run by the demo facilitator.
  "routes/meetings.$meetingId._index": [
    { url: (ids) => `/meetings/${ids.meeting}`, expect: { anonymous: "sign-in", admin: "page", facilitator: "page", lead: "page", advisory: "403" } },
    { url: () => "/meetings/guessed-id", expect: { anonymous: "sign-in", admin: "403", facilitator: "403", lead: "403", advisory: "403" } },
  ],
  "routes/meetings.$meetingId.live": [
    { url: (ids) => `/meetings/${ids.meeting}/live`, expect: { anonymous: "sign-in", admin: "403", facilitator: "page", lead: "page", advisory: "403" } },
    { url: () => "/meetings/guessed-id/live", expect: { anonymous: "sign-in", admin: "403", facilitator: "403", lead: "403", advisory: "403" } },
  ],
  // The facilitators' review of what may leave the set: theirs alone.
  "routes/meetings.$meetingId.share": [
    { url: (ids) => `/meetings/${ids.meeting}/share`, expect: { anonymous: "sign-in", admin: "403", facilitator: "page", lead: "403", advisory: "403" } },
    { url: () => "/meetings/guessed-id/share", expect: { anonymous: "sign-in", admin: "403", facilitator: "403", lead: "403", advisory: "403" } },
  ],
  // In-set actions: the owner (the demo lead), the set's facilitators and members; never admins or advisory members.
  "routes/actions._index": [{ url: () => "/actions", expect: signedIn }],
  "routes/actions.$actionId": [
    { url: (ids) => `/actions/${ids.action}`, expect: { anonymous: "sign-in", admin: "403", facilitator: "page", lead: "page", advisory: "403" } },
    { url: () => "/actions/guessed-id", expect: { anonymous: "sign-in", admin: "403", facilitator: "403", lead: "403", advisory: "403" } },
  ],
  "routes/actions.export[.]csv": [{ url: () => "/actions/export.csv", expect: signedIn }],
  "routes/actions.print": [{ url: () => "/actions/print", expect: signedIn }],
  // Self-assessment: anyone signed in sees the organisations they lead (none for the demo people); an assessment, its print and CSV only for its organisation's leads and admins, the same 403 for a guessed id.
  "routes/alignment._index": [{ url: () => "/alignment", expect: signedIn }],
  "routes/alignment.$assessmentId": [{ url: () => "/alignment/guessed-id", expect: { anonymous: "sign-in", admin: "403", facilitator: "403", lead: "403", advisory: "403" } }],
  "routes/alignment.$assessmentId.print": [{ url: () => "/alignment/guessed-id/print", expect: { anonymous: "sign-in", admin: "403", facilitator: "403", lead: "403", advisory: "403" } }],
  "routes/alignment.$assessmentId[.]csv": [{ url: () => "/alignment/guessed-id.csv", expect: { anonymous: "sign-in", admin: "403", facilitator: "403", lead: "403", advisory: "403" } }],
  // The footprint view: aggregates for admins and the advisory group.
  "routes/admin.alignment": [{ url: () => "/admin/alignment", expect: adminOnly }],
  "routes/advisory.alignment": [{ url: () => "/advisory/alignment", expect: { anonymous: "sign-in", admin: "403", facilitator: "403", lead: "403", advisory: "page" } }],
  "routes/cohorts.$cohortId_.actions": [
    { url: (ids) => `/cohorts/${ids.cmCohort}/actions`, expect: { anonymous: "sign-in", admin: "403", facilitator: "page", lead: "page", advisory: "403" } },
    { url: (ids) => `/cohorts/${ids.gmCohort}/actions`, expect: { anonymous: "sign-in", admin: "403", facilitator: "page", lead: "403", advisory: "403" } },
  ],
  "routes/meetings.$meetingId.calendar[.]ics": [
    { url: (ids) => `/meetings/${ids.meeting}/calendar.ics`, expect: { anonymous: "sign-in", admin: "403", facilitator: "page", lead: "page", advisory: "403" } },
  ],
  "routes/calendar.$token.meetings[.]ics": [{ url: () => "/calendar/not-a-real-token/meetings.ics", expect: { anonymous: "404", admin: "404", facilitator: "404", lead: "404", advisory: "404" } }],
  "routes/facilitator.calendar": [{ url: () => "/facilitator/calendar", expect: { anonymous: "sign-in", admin: "403", facilitator: "page", lead: "403", advisory: "403" } }],
  "routes/admin.meetings": [{ url: () => "/admin/meetings", expect: adminOnly }],
  // The programme's evaluation: CLN admins and the advisory group.
  "routes/evaluation._index": [{ url: () => "/evaluation", expect: { anonymous: "sign-in", admin: "page", facilitator: "403", lead: "403", advisory: "page" } }],
  "routes/evaluation.extract[.]zip": [{ url: () => "/evaluation/extract.zip", expect: { anonymous: "sign-in", admin: "page", facilitator: "403", lead: "403", advisory: "page" } }],
  "routes/admin": [],
  "routes/admin._index": [{ url: () => "/admin", expect: adminOnly }],
  "routes/admin.audit": [{ url: () => "/admin/audit", expect: adminOnly }],
  "routes/admin.settings": [{ url: () => "/admin/settings", expect: adminOnly }],
  "routes/admin.emails": [{ url: () => "/admin/emails", expect: adminOnly }],
  "routes/admin.themes": [{ url: () => "/admin/themes", expect: adminOnly }],
  "routes/admin.themes_.$themeId": [{ url: () => "/admin/themes/peer-support", expect: adminOnly }],
  "routes/admin.footprints._index": [{ url: () => "/admin/footprints", expect: adminOnly }],
  "routes/admin.footprints.$footprintId": [{ url: (ids) => `/admin/footprints/${ids.footprint}`, expect: adminOnly }],
  "routes/admin.organisations._index": [{ url: () => "/admin/organisations", expect: adminOnly }],
  "routes/admin.organisations.new": [{ url: () => "/admin/organisations/new", expect: adminOnly }],
  "routes/admin.organisations.$organisationId": [{ url: (ids) => `/admin/organisations/${ids.organisation}`, expect: adminOnly }],
  "routes/admin.people._index": [{ url: () => "/admin/people", expect: adminOnly }],
  "routes/admin.people.new": [{ url: () => "/admin/people/new", expect: adminOnly }],
  "routes/admin.people.$personId": [{ url: (ids) => `/admin/people/${ids.person}`, expect: adminOnly }],
  // GET is only the confirmation page: the demo lead is not erased by it (POST erases, after the typed email).
  "routes/admin.people.$personId_.erase": [{ url: (ids) => `/admin/people/${ids.person}/erase`, expect: adminOnly }],
  "routes/admin.cohorts._index": [{ url: () => "/admin/cohorts", expect: adminOnly }],
  "routes/admin.cohorts.new": [{ url: () => "/admin/cohorts/new", expect: adminOnly }],
  "routes/admin.cohorts.$cohortId._index": [{ url: (ids) => `/admin/cohorts/${ids.gmCohort}`, expect: adminOnly }],
  "routes/admin.cohorts.$cohortId.import": [{ url: (ids) => `/admin/cohorts/${ids.gmCohort}/import`, expect: adminOnly }],
};

let app: RunningServer;
let build: ServerBuild;
let ids: Ids;
const cookies: Partial<Record<Who, string>> = {};

beforeAll(async () => {
  app = await startBuiltServer();
  build = (await import(pathToFileURL(resolve("build/index.js")).href)) as ServerBuild;
  for (const who of Object.keys(EMAILS) as Array<keyof typeof EMAILS>) cookies[who] = await signInOverHttp(app.base, EMAILS[who]);
  const q = (sql: string) => (app.server.services.conn.sqlite.prepare(sql).get() as { id: string }).id;
  ids = {
    cmCohort: q("select id from cohorts where name = 'Cheshire & Merseyside Set A'"),
    gmCohort: q("select id from cohorts where name = 'Greater Manchester Set A'"),
    footprint: q("select id from footprints limit 1"),
    organisation: q("select id from organisations limit 1"),
    person: q("select id from users where email = 'lead@example.com'"),
    meeting: "m-access-test",
    action: "a-access-test",
  };
  const startsAt = Date.now() + 14 * 86_400_000;
  app.server.services.conn.sqlite
    .prepare("insert into meetings (id, cohort_id, starts_at, ends_at, video_url) values (?, ?, ?, ?, ?)")
    .run(ids.meeting, ids.cmCohort, startsAt, startsAt + 7_200_000, "https://teams.microsoft.com/l/x");
  app.server.services.conn.sqlite
    .prepare("insert into actions (id, cohort_id, meeting_id, owner_id, text, status, created_at) values (?, ?, ?, ?, ?, 'open', ?)")
    .run(ids.action, ids.cmCohort, ids.meeting, ids.person, "An action for the access test", Date.now());
});
afterAll(async () => {
  await app?.stop();
});

async function answer(res: Response): Promise<Answer | string> {
  if (res.status === 200) return "page";
  if (res.status === 403) return "403";
  if (res.status === 404) return "404";
  if (res.status === 302 || res.status === 303) {
    const location = res.headers.get("location") ?? "";
    return location.startsWith("/sign-in") ? "sign-in" : `→${location}`;
  }
  return `status ${res.status}`;
}

const headersFor = (who: Who): Record<string, string> => (who === "anonymous" ? {} : { Cookie: cookies[who]! });

describe("every route, for everyone", () => {
  it("has a row in the access table for every route in the build", () => {
    const routeIds = Object.keys(build.routes).filter((id) => id !== "root");
    expect(routeIds.sort()).toEqual(Object.keys(TABLE).sort());
  });

  for (const [routeId, cases] of Object.entries(TABLE)) {
    for (const [i, c] of cases.entries()) {
      it(`GET ${routeId}${cases.length > 1 ? ` (case ${i + 1})` : ""}`, async () => {
        const got: Record<string, string> = {};
        for (const who of WHO) {
          got[who] = await answer(await fetch(`${app.base}${c.url(ids)}`, { headers: headersFor(who), redirect: "manual" }));
        }
        expect(got).toEqual(c.expect);
      });
    }
  }

  it("refuses every admin action to everyone but admins, changing nothing", async () => {
    const before = app.server.services.conn.sqlite.prepare("select count(*) as n from audit_log where action not like 'sign_in%'").get();
    for (const [routeId, cases] of Object.entries(TABLE)) {
      if (!routeId.startsWith("routes/admin") || !build.routes[routeId].module.action) continue;
      for (const c of cases) {
        for (const who of ["anonymous", "facilitator", "lead", "advisory"] as const) {
          const res = await fetch(`${app.base}${c.url(ids)}`, {
            method: "POST",
            headers: { ...headersFor(who), Origin: app.base, "Content-Type": "application/x-www-form-urlencoded" },
            body: "intent=archive&name=Hijacked&confirm=yes",
            redirect: "manual",
          });
          expect(await answer(res), `${who} POST ${routeId}`).toBe(who === "anonymous" ? "sign-in" : "403");
        }
      }
    }
    const after = app.server.services.conn.sqlite.prepare("select count(*) as n from audit_log where action not like 'sign_in%'").get();
    expect(after).toEqual(before);
  });
});
