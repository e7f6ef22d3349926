import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { sessions, userTokens, type Role } from "~db/schema";
import { AUDIT_PAGE_SIZE, audit } from "~/models/audit.server";
import { signIn } from "~/models/account.server";
import * as auditRoute from "~/routes/admin.audit";
import * as newPersonRoute from "~/routes/admin.people.new";
import * as personRoute from "~/routes/admin.people.$personId";
import { hashPassword } from "~/server/passwords.server";
import { cookieFor, db, jsonOf, makePerson, makePlace, makeRequest, run, useTestApp } from "../helpers/app";

const state = useTestApp();

const PASSWORD = "correct horse battery staple";
let admin: { id: string; email: string };
let adminCookie: string;
let alice: { id: string; email: string };
let passwordHash: string;
let invitedId: string;
let invitationToken: string;
let sessionCookie: string;

type Row = {
  id: number;
  action: string;
  actorName: string | null;
  actorEmail: string | null;
  targetId: string | null;
  targetName: string | null;
  detail: string | null;
  ip: string | null;
  when: string;
};
type Page = {
  filter: { ok: boolean; errors?: Record<string, string>; values: Record<string, string> };
  rows: Row[];
  actions: Array<{ value: string; label: string }>;
  previous: string | null;
  next: string | null;
};

async function auditPage(query = "", cookie = adminCookie) {
  const res = await run(auditRoute.loader, makeRequest(`/admin/audit${query ? `?${query}` : ""}`, { cookie }));
  expect(res.status).toBe(200);
  return jsonOf<Page>(res);
}

const today = () => new Date().toISOString().slice(0, 10);
const dayOffset = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  const { organisationId } = makePlace("audit");
  passwordHash = await hashPassword(PASSWORD);
  admin = makePerson({ roles: ["admin"], name: "Ada Admin", email: "ada.admin@nhs.net", passwordHash });
  adminCookie = await cookieFor(admin.id);
  alice = makePerson({ roles: ["facilitator"], name: "Alice Auditable", email: "Alice.Auditable@nhs.net", passwordHash });

  // Real activity: Alice signs in; the admin invites someone and changes Alice's roles.
  const signedIn = await signIn({ email: alice.email, password: PASSWORD, ip: "10.0.0.7" });
  if (!signedIn.ok) throw new Error("sign-in failed in setup");
  sessionCookie = signedIn.cookie.split(";")[0];
  const invited = await run(
    newPersonRoute.action,
    makeRequest("/admin/people/new", {
      cookie: adminCookie,
      form: { name: "Ivy Invitee", email: "ivy.invitee@nhs.net", organisationId, profession: "midwife", roles: ["clinical_lead"] },
    }),
  );
  invitedId = (invited.headers.get("Location") ?? "").split("/")[3].split("?")[0];
  invitationToken = state.mailer.sent.at(-1)?.body.match(/\/invitation\/([a-z0-9]+)/)?.[1] ?? "";
  if (!invitationToken) throw new Error("no invitation token in setup");
  const edited = await run(
    personRoute.action,
    makeRequest(`/admin/people/${alice.id}`, {
      cookie: adminCookie,
      form: { intent: "update", name: "Alice Auditable", email: alice.email, organisationId, profession: "nurse", roles: ["facilitator", "advisory"] },
    }),
    { personId: alice.id },
  );
  if (edited.status !== 302) throw new Error("role change failed in setup");
});

describe("the audit log page", () => {
  it("shows when, who, what, target and IP, newest first", async () => {
    const page = await auditPage();
    expect(page.filter.ok).toBe(true);
    const ids = page.rows.map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const invite = page.rows.find((r) => r.action === "person_invited");
    expect(invite).toMatchObject({ actorName: "Ada Admin", actorEmail: "ada.admin@nhs.net", targetId: invitedId, targetName: "Ivy Invitee", ip: "127.0.0.1" });
    expect(invite?.when).toMatch(/^\d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2}$/);
    const roleAdded = page.rows.find((r) => r.action === "role_added");
    expect(roleAdded).toMatchObject({ targetName: "Alice Auditable", detail: JSON.stringify({ role: "advisory" }) });
    expect(page.actions.map((a) => a.value)).toEqual(expect.arrayContaining(["sign_in", "person_invited", "role_added", "person_deactivated"]));
  });

  it("filters by action", async () => {
    const page = await auditPage("action=sign_in");
    expect(page.rows.length).toBeGreaterThan(0);
    expect(page.rows.every((r) => r.action === "sign_in")).toBe(true);
    expect(page.rows.map((r) => r.actorEmail)).toContain("Alice.Auditable@nhs.net");
    expect(page.filter.values.action).toBe("sign_in");

    const roles = await auditPage("action=role_added");
    expect(roles.rows.map((r) => r.targetId)).toEqual([alice.id]);
  });

  it("filters by who did it, by name or email in any case", async () => {
    const byName = await auditPage("actor=alice");
    expect(byName.rows.length).toBeGreaterThan(0);
    expect(byName.rows.every((r) => r.actorName === "Alice Auditable")).toBe(true);
    const byEmail = await auditPage("actor=ADA.ADMIN%40NHS");
    expect(byEmail.rows.map((r) => r.action)).toEqual(expect.arrayContaining(["person_invited", "role_added"]));
    expect(byEmail.rows.every((r) => r.actorEmail === "ada.admin@nhs.net")).toBe(true);
    expect((await auditPage("actor=nobody-like-this")).rows).toEqual([]);
  });

  it("filters by date, and explains a bad date", async () => {
    expect((await auditPage(`from=${today()}&to=${today()}`)).rows.length).toBeGreaterThan(0);
    expect((await auditPage(`from=${dayOffset(2)}`)).rows).toEqual([]);
    expect((await auditPage(`to=${dayOffset(-2)}`)).rows).toEqual([]);

    const bad = await auditPage("from=2026-02-31");
    expect(bad.filter.ok).toBe(false);
    expect(bad.filter.errors?.from).toMatch(/real date/);
    expect(bad.filter.values.from).toBe("2026-02-31");
    expect(bad.rows).toEqual([]);

    const backwards = await auditPage("from=2026-03-10&to=2026-03-01");
    expect(backwards.filter.errors?.to).toMatch(/same as or after/);
  });

  it("pages through the log with Next and Previous, keeping the filters", async () => {
    for (let i = 0; i < AUDIT_PAGE_SIZE + 3; i++) audit({ actorId: admin.id, action: "bulk_test", targetType: "test", targetId: String(i) });
    const first = await auditPage("action=bulk_test");
    expect(first.rows).toHaveLength(AUDIT_PAGE_SIZE);
    expect(first.previous).toBeNull();
    expect(first.next).toBe("/admin/audit?action=bulk_test&page=2");
    const second = await auditPage("action=bulk_test&page=2");
    expect(second.rows).toHaveLength(3);
    expect(second.next).toBeNull();
    expect(second.previous).toBe("/admin/audit?action=bulk_test");
    expect(second.rows.map((r) => r.targetId)).toEqual(["2", "1", "0"]);
  });

  it("never includes password hashes, session tokens or invitation tokens", async () => {
    const tokenHashes = db().select({ h: userTokens.tokenHash }).from(userTokens).where(eq(userTokens.userId, invitedId)).all();
    const sessionIds = db().select({ id: sessions.id }).from(sessions).all();
    expect(tokenHashes.length).toBeGreaterThan(0);
    expect(sessionIds.length).toBeGreaterThan(0);
    const secrets = [
      passwordHash,
      invitationToken,
      sessionCookie.split("=")[1],
      ...tokenHashes.map((t) => t.h),
      ...sessionIds.map((s) => s.id),
    ];
    const pages = ["", "action=sign_in", "actor=alice", "action=person_invited"];
    for (const query of pages) {
      const res = await run(auditRoute.loader, makeRequest(`/admin/audit?${query}`, { cookie: adminCookie }));
      const text = await res.text();
      expect(text.length).toBeGreaterThan(100);
      for (const secret of secrets) expect(text, query).not.toContain(secret);
      expect(text).not.toMatch(/argon2/);
    }
  });
});

describe("who may read the audit log", () => {
  it.each(["facilitator", "clinical_lead", "advisory"] as Role[])("refuses a %s with 403", async (role) => {
    const outsider = makePerson({ roles: [role] });
    const res = await run(auditRoute.loader, makeRequest("/admin/audit", { cookie: await cookieFor(outsider.id) }));
    expect(res.status).toBe(403);
  });

  it("sends someone not signed in to the sign-in page", async () => {
    const res = await run(auditRoute.loader, makeRequest("/admin/audit?action=sign_in"));
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/sign-in?${new URLSearchParams({ redirectTo: "/admin/audit?action=sign_in" })}`);
  });
});
