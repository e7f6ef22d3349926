import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, sessions, userRoles, users, type Role } from "~db/schema";
import { acceptInvitation, findUsableToken } from "~/models/account.server";
import * as listRoute from "~/routes/admin.people._index";
import * as newRoute from "~/routes/admin.people.new";
import * as personRoute from "~/routes/admin.people.$personId";
import { getCurrentUser } from "~/server/guards.server";
import { hashPassword } from "~/server/passwords.server";
import { cookieFor, db, jsonOf, makePerson, makePlace, makeRequest, run, useTestApp } from "../helpers/app";

const state = useTestApp();

const PASSWORD = "a long enough passphrase for tests";
let organisationId: string;
let otherOrganisationId: string;
let admin: { id: string; email: string };
let adminCookie: string;
let passwordHash: string;

beforeAll(async () => {
  organisationId = makePlace("people").organisationId;
  otherOrganisationId = makePlace("elsewhere").organisationId;
  passwordHash = await hashPassword(PASSWORD);
  admin = makePerson({ roles: ["admin"], name: "Ada Admin", passwordHash });
  adminCookie = await cookieFor(admin.id);
});

const rolesOf = (userId: string) =>
  db()
    .select({ role: userRoles.role })
    .from(userRoles)
    .where(eq(userRoles.userId, userId))
    .all()
    .map((r) => r.role)
    .sort();

const userRow = (userId: string) => db().select().from(users).where(eq(users.id, userId)).get();

const auditFor = (userId: string, action: string) =>
  db()
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.targetId, userId), eq(auditLog.action, action)))
    .all();

function invite(form: Record<string, string | string[]>, cookie = adminCookie) {
  return run(newRoute.action, makeRequest("/admin/people/new", { cookie, form }));
}

function personAction(personId: string, form: Record<string, string | string[]>, cookie = adminCookie) {
  return run(personRoute.action, makeRequest(`/admin/people/${personId}`, { cookie, form }), { personId });
}

/** The token in the newest invitation email sent to this address. */
function lastInvitationToken(email: string) {
  const mail = [...state.mailer.sent].reverse().find((m) => m.to === email);
  const match = mail?.body.match(/\/invitation\/([a-z0-9]+)/);
  if (!match) throw new Error(`No invitation link was emailed to ${email}`);
  return match[1];
}

const idFromLocation = (res: Response) => {
  const match = (res.headers.get("Location") ?? "").match(/^\/admin\/people\/([a-z0-9]+)\?notice=/);
  if (!match) throw new Error(`Unexpected redirect: ${res.headers.get("Location")}`);
  return match[1];
};

function validPerson(overrides: Record<string, string | string[]> = {}) {
  return {
    name: "Priya Patel",
    email: `priya.${Math.random().toString(36).slice(2, 8)}@nhs.net`,
    organisationId,
    profession: "nurse",
    roles: ["facilitator", "clinical_lead"],
    ...overrides,
  };
}

async function invitedPerson(overrides: Record<string, string | string[]> = {}) {
  const form = validPerson(overrides);
  const res = await invite(form);
  expect(res.status).toBe(302);
  return { id: idFromLocation(res), email: form.email as string };
}

describe("inviting a person", () => {
  it("creates an invited person with their roles and emails a link that can be accepted", async () => {
    const before = state.mailer.sent.length;
    const form = validPerson({ name: "Nia Okafor", email: "Nia.Okafor@NHS.net" });
    const res = await invite(form);
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toMatch(/\?notice=invited$/);
    const id = idFromLocation(res);

    const row = userRow(id);
    expect(row?.status).toBe("invited");
    expect(row?.name).toBe("Nia Okafor");
    expect(row?.emailNormalised).toBe("nia.okafor@nhs.net");
    expect(row?.organisationId).toBe(organisationId);
    expect(row?.passwordHash).toBeNull();
    expect(rolesOf(id)).toEqual(["clinical_lead", "facilitator"]);
    expect(auditFor(id, "person_invited")).toHaveLength(1);

    expect(state.mailer.sent.length).toBe(before + 1);
    const mail = state.mailer.sent[state.mailer.sent.length - 1];
    expect(mail.to).toBe("Nia.Okafor@NHS.net");
    expect(mail.body).toMatch(/http:\/\/localhost:3000\/invitation\/[a-z0-9]{20,}/);
    const token = lastInvitationToken("Nia.Okafor@NHS.net");

    // The person page then says where the invitation went.
    const page = await jsonOf(await run(personRoute.loader, makeRequest(`/admin/people/${id}?notice=invited`, { cookie: adminCookie }), { personId: id }));
    expect(page.person.email).toBe("Nia.Okafor@NHS.net");
    expect(page.person.invitation).not.toBeNull();

    const accepted = await acceptInvitation(token, PASSWORD, "127.0.0.1");
    expect(accepted.ok).toBe(true);
    expect(userRow(id)?.status).toBe("active");
    expect(userRow(id)?.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("refuses an email address that is already used, whatever its case, keeping what was typed", async () => {
    const existing = makePerson({ email: "Sam.Jones@Example.com", name: "Sam Jones" });
    const before = state.mailer.sent.length;
    const res = await invite(validPerson({ name: "Samuel Jones", email: "sam.jones@EXAMPLE.com" }));
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.errors.email).toBe("Someone with this email address already has an account");
    expect(body.existing).toEqual({ id: existing.id, name: "Sam Jones" });
    expect(body.values.name).toBe("Samuel Jones");
    expect(body.values.email).toBe("sam.jones@EXAMPLE.com");
    expect(body.values.roles).toEqual(["facilitator", "clinical_lead"]);
    expect(db().select().from(users).where(eq(users.emailNormalised, "sam.jones@example.com")).all()).toHaveLength(1);
    expect(state.mailer.sent.length).toBe(before);
  });

  it("needs at least one role", async () => {
    const form = validPerson({ name: "No Roles", email: "no.roles@nhs.net" });
    delete (form as Record<string, unknown>).roles;
    const res = await invite(form);
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.errors.roles).toBe("Select at least one role");
    expect(body.values.name).toBe("No Roles");
    expect(body.values.email).toBe("no.roles@nhs.net");
    expect(db().select().from(users).where(eq(users.emailNormalised, "no.roles@nhs.net")).get()).toBeUndefined();
  });

  it("refuses an organisation that does not exist, and unknown fields", async () => {
    const bad = await invite(validPerson({ email: "bad.org@nhs.net", organisationId: "nosuchorganisation" }));
    expect(bad.status).toBe(400);
    expect((await jsonOf(bad)).errors.organisationId).toBe("Select an organisation from the list");
    const extra = await invite({ ...validPerson({ email: "extra@nhs.net" }), status: "active" });
    expect(extra.status).toBe(400);
    expect((await jsonOf(extra)).formError).toMatch(/status/);
    expect(db().select().from(users).where(eq(users.emailNormalised, "bad.org@nhs.net")).get()).toBeUndefined();
    expect(db().select().from(users).where(eq(users.emailNormalised, "extra@nhs.net")).get()).toBeUndefined();
  });

  it("says so when the email could not be sent, and the person is still saved to resend later", async () => {
    state.mailer.fail = true;
    let id: string;
    try {
      const res = await invite(validPerson({ email: "unlucky@nhs.net" }));
      expect(res.status).toBe(302);
      expect(res.headers.get("Location")).toMatch(/\?notice=invite-failed$/);
      id = idFromLocation(res);
    } finally {
      state.mailer.fail = false;
    }
    expect(userRow(id)?.status).toBe("invited");
    const resend = await personAction(id, { intent: "resend" });
    expect(resend.headers.get("Location")).toBe(`/admin/people/${id}?notice=invited`);
    expect(state.mailer.sent.some((m) => m.to === "unlucky@nhs.net")).toBe(true);
  });
});

describe("resending an invitation", () => {
  it("sends a new link and the earlier one stops working", async () => {
    const person = await invitedPerson();
    const first = lastInvitationToken(person.email);
    expect(findUsableToken(first, "invitation")).not.toBeNull();

    const res = await personAction(person.id, { intent: "resend" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/admin/people/${person.id}?notice=invited`);
    const second = lastInvitationToken(person.email);
    expect(second).not.toBe(first);
    expect(findUsableToken(first, "invitation")).toBeNull();
    expect((await acceptInvitation(first, PASSWORD, "127.0.0.1")).ok).toBe(false);
    expect((await acceptInvitation(second, PASSWORD, "127.0.0.1")).ok).toBe(true);
    expect(auditFor(person.id, "invitation_resent")).toHaveLength(1);
  });

  it("is refused for someone who has already accepted", async () => {
    const person = makePerson({ passwordHash });
    const before = state.mailer.sent.length;
    const res = await personAction(person.id, { intent: "resend" });
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.formError).toMatch(/already accepted/);
    expect(body.values.intent).toBe("resend");
    expect(state.mailer.sent.length).toBe(before);
  });
});

describe("deactivating and reactivating", () => {
  it("deactivates someone, ends all their sessions and audits it", async () => {
    const person = makePerson({ roles: ["facilitator"], passwordHash });
    const cookieA = await cookieFor(person.id);
    const cookieB = await cookieFor(person.id);
    expect(await getCurrentUser(makeRequest("/", { cookie: cookieA }))).not.toBeNull();

    const res = await personAction(person.id, { intent: "deactivate" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/admin/people/${person.id}?notice=deactivated`);

    // Checked before any request with their cookies: reading a session of a deactivated person would also end it.
    expect(db().select().from(sessions).where(eq(sessions.userId, person.id)).all()).toHaveLength(0);
    expect(await getCurrentUser(makeRequest("/", { cookie: cookieA }))).toBeNull();
    expect(await getCurrentUser(makeRequest("/", { cookie: cookieB }))).toBeNull();
    const row = userRow(person.id);
    expect(row?.status).toBe("deactivated");
    expect(row?.deactivatedAt).toBeTypeOf("number");
    const entries = auditFor(person.id, "person_deactivated");
    expect(entries).toHaveLength(1);
    expect(entries[0].actorId).toBe(admin.id);
    expect(entries[0].ip).toBe("127.0.0.1");
  });

  it("does not let an admin deactivate themselves", async () => {
    const res = await personAction(admin.id, { intent: "deactivate" });
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.formError).toBe("You cannot deactivate your own account. Ask another CLN admin to do it");
    expect(userRow(admin.id)?.status).toBe("active");
    expect(await getCurrentUser(makeRequest("/", { cookie: adminCookie }))).not.toBeNull();
    expect(auditFor(admin.id, "person_deactivated")).toHaveLength(0);
  });

  it("reactivates someone with a password as active", async () => {
    const person = makePerson({ passwordHash });
    await personAction(person.id, { intent: "deactivate" });
    const res = await personAction(person.id, { intent: "reactivate" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/admin/people/${person.id}?notice=reactivated`);
    const row = userRow(person.id);
    expect(row?.status).toBe("active");
    expect(row?.deactivatedAt).toBeNull();
    const entries = auditFor(person.id, "person_reactivated");
    expect(entries).toHaveLength(1);
    expect(JSON.parse(entries[0].detail ?? "{}")).toEqual({ status: "active" });
    expect(await getCurrentUser(makeRequest("/", { cookie: await cookieFor(person.id) }))).not.toBeNull();
  });

  it("reactivates someone who never accepted as invited; their old link stays dead until a new one is sent", async () => {
    const person = await invitedPerson();
    const oldToken = lastInvitationToken(person.email);
    await personAction(person.id, { intent: "deactivate" });
    expect(findUsableToken(oldToken, "invitation")).toBeNull();

    const res = await personAction(person.id, { intent: "reactivate" });
    expect(res.headers.get("Location")).toBe(`/admin/people/${person.id}?notice=reactivated-invited`);
    expect(userRow(person.id)?.status).toBe("invited");
    expect(findUsableToken(oldToken, "invitation")).toBeNull();

    await personAction(person.id, { intent: "resend" });
    expect(findUsableToken(lastInvitationToken(person.email), "invitation")).not.toBeNull();
  });

  it("refuses to reactivate someone who is not deactivated", async () => {
    const person = makePerson({ passwordHash });
    const res = await personAction(person.id, { intent: "reactivate" });
    expect(res.status).toBe(400);
    expect(auditFor(person.id, "person_reactivated")).toHaveLength(0);
  });
});

describe("changing details and roles", () => {
  const edit = (person: { id: string; email: string }, overrides: Record<string, string | string[]>) =>
    personAction(person.id, {
      intent: "update",
      name: "Person Edited",
      email: person.email,
      organisationId,
      profession: "nurse",
      roles: ["clinical_lead"],
      ...overrides,
    });

  it("changes roles and details, auditing each role added and removed", async () => {
    const person = makePerson({ roles: ["clinical_lead"], organisationId, name: "Person Edited", passwordHash });
    const res = await edit(person, { roles: ["facilitator", "advisory"], organisationId: otherOrganisationId, profession: "gp" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/admin/people/${person.id}?notice=updated`);
    expect(rolesOf(person.id)).toEqual(["advisory", "facilitator"]);
    expect(userRow(person.id)?.profession).toBe("gp");
    expect(userRow(person.id)?.organisationId).toBe(otherOrganisationId);

    const details = (action: string) => auditFor(person.id, action).map((e) => JSON.parse(e.detail ?? "{}"));
    expect(details("role_added").map((d) => d.role).sort()).toEqual(["advisory", "facilitator"]);
    expect(details("role_removed")).toEqual([{ role: "clinical_lead" }]);
    expect(details("person_updated")).toEqual([{ fields: ["organisation", "profession"] }]);
    expect(auditFor(person.id, "role_added").every((e) => e.actorId === admin.id)).toBe(true);

    // The new roles apply on their next request.
    const user = await getCurrentUser(makeRequest("/", { cookie: await cookieFor(person.id) }));
    expect(user?.roles.sort()).toEqual(["advisory", "facilitator"] satisfies Role[]);
  });

  it("writes nothing to the audit log when nothing changed", async () => {
    const person = makePerson({ roles: ["clinical_lead"], organisationId, name: "Person Edited", profession: "nurse" });
    const res = await edit(person, {});
    expect(res.headers.get("Location")).toBe(`/admin/people/${person.id}?notice=unchanged`);
    expect(db().select().from(auditLog).where(eq(auditLog.targetId, person.id)).all()).toHaveLength(0);
  });

  it("does not let an admin remove their own admin role", async () => {
    const res = await edit(admin, { name: "Ada Admin", roles: ["facilitator"] });
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.errors.roles).toBe("You cannot remove your own CLN admin role. Ask another CLN admin to do it");
    expect(body.values.roles).toBe("facilitator");
    expect(rolesOf(admin.id)).toEqual(["admin"]);
    expect(auditFor(admin.id, "role_removed")).toHaveLength(0);
  });

  it("lets one admin remove another admin's role", async () => {
    const other = makePerson({ roles: ["admin", "facilitator"], organisationId, name: "Person Edited" });
    const res = await edit(other, { roles: ["facilitator"] });
    expect(res.status).toBe(302);
    expect(rolesOf(other.id)).toEqual(["facilitator"]);
    expect(auditFor(other.id, "role_removed").map((e) => JSON.parse(e.detail ?? "{}"))).toEqual([{ role: "admin" }]);
  });

  it("needs at least one role when editing, keeping what was typed", async () => {
    const person = makePerson({ roles: ["clinical_lead"], organisationId });
    const form = { intent: "update", name: "Renamed Person", email: person.email, organisationId, profession: "nurse" };
    const res = await personAction(person.id, form);
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.errors.roles).toBe("Select at least one role");
    expect(body.values.name).toBe("Renamed Person");
    expect(rolesOf(person.id)).toEqual(["clinical_lead"]);
  });

  it("refuses an email change once the invitation was accepted", async () => {
    const person = makePerson({ email: "settled@example.com", organisationId, passwordHash });
    const res = await edit(person, { email: "moved@example.com" });
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.errors.email).toMatch(/can only be changed before they accept their invitation/);
    expect(body.values.email).toBe("moved@example.com");
    expect(userRow(person.id)?.email).toBe("settled@example.com");
  });

  it("changes the email of someone still invited, sending a new link and killing the old one", async () => {
    const person = await invitedPerson();
    const oldToken = lastInvitationToken(person.email);
    const res = await edit(person, { email: "Corrected.Address@nhs.net" });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe(`/admin/people/${person.id}?notice=email-changed`);
    expect(userRow(person.id)?.emailNormalised).toBe("corrected.address@nhs.net");
    expect(findUsableToken(oldToken, "invitation")).toBeNull();
    expect(findUsableToken(lastInvitationToken("Corrected.Address@nhs.net"), "invitation")).not.toBeNull();
  });

  it("refuses an email that someone else already has", async () => {
    const taken = makePerson({ email: "Taken@Example.com", name: "Tara Taken" });
    const person = await invitedPerson();
    const res = await edit(person, { email: "taken@example.com" });
    expect(res.status).toBe(400);
    const body = await jsonOf(res);
    expect(body.errors.email).toBe("Someone with this email address already has an account");
    expect(body.existing.id).toBe(taken.id);
    expect(userRow(person.id)?.email).toBe(person.email);
  });
});

describe("the people list", () => {
  it("searches by name or email and filters by role, status and organisation", async () => {
    const place = makePlace("listing");
    const lead = makePerson({ name: "Zebedee Listable", email: "zeb@listing.example", roles: ["clinical_lead"], organisationId: place.organisationId, passwordHash });
    const fac = makePerson({ name: "Yolanda Listable", email: "yol@listing.example", roles: ["facilitator"], organisationId: place.organisationId, status: "invited" });
    const gone = makePerson({ name: "Xavier Gone", email: "xav@listing.example", roles: ["facilitator"], organisationId, status: "deactivated" });
    const list = async (query: string) => {
      const res = await run(listRoute.loader, makeRequest(`/admin/people?${query}`, { cookie: adminCookie }));
      expect(res.status).toBe(200);
      return jsonOf(res);
    };
    const ids = (data: { people: Array<{ id: string }> }) => data.people.map((p) => p.id).sort();

    expect(ids(await list("q=LISTABLE"))).toEqual([lead.id, fac.id].sort());
    expect(ids(await list("q=listing.example&role=facilitator"))).toEqual([fac.id, gone.id].sort());
    expect(ids(await list("q=listing.example&status=deactivated"))).toEqual([gone.id]);
    expect(ids(await list(`organisationId=${place.organisationId}`))).toEqual([lead.id, fac.id].sort());
    // LIKE wildcards typed into the search are taken literally.
    expect(ids(await list("q=%25"))).toEqual([]);

    const all = await list("");
    const row = all.people.find((p: { id: string }) => p.id === fac.id);
    expect(row).toMatchObject({ status: "invited", roles: ["facilitator"], organisationName: "Organisation listing" });

    const bad = await list("status=superuser");
    expect(bad.filter.ok).toBe(false);
    expect(bad.filter.errors.status).toBe("Select a status from the list");
    expect(bad.people).toEqual([]);
  });

  it("never sends password hashes or invitation tokens to the page", async () => {
    const person = await invitedPerson();
    const token = lastInvitationToken(person.email);
    const listText = await (await run(listRoute.loader, makeRequest("/admin/people", { cookie: adminCookie }))).text();
    const pageText = await (await run(personRoute.loader, makeRequest(`/admin/people/${admin.id}`, { cookie: adminCookie }), { personId: admin.id })).text();
    const invitedText = await (await run(personRoute.loader, makeRequest(`/admin/people/${person.id}`, { cookie: adminCookie }), { personId: person.id })).text();
    expect(listText).toContain(person.email);
    for (const text of [listText, pageText, invitedText]) {
      expect(text).not.toContain(passwordHash);
      expect(text).not.toContain("argon2");
      expect(text).not.toContain(token);
    }
  });

  it("answers 404 for a person who does not exist", async () => {
    const res = await run(personRoute.loader, makeRequest("/admin/people/nobody", { cookie: adminCookie }), { personId: "nobody" });
    expect(res.status).toBe(404);
  });
});

describe("who may manage people", () => {
  const routes = [
    { name: "list loader", fn: listRoute.loader, path: "/admin/people", params: {} },
    { name: "invite loader", fn: newRoute.loader, path: "/admin/people/new", params: {} },
    { name: "invite action", fn: newRoute.action, path: "/admin/people/new", params: {}, form: true },
    { name: "person loader", fn: personRoute.loader, path: "/admin/people/PERSON", params: { personId: "PERSON" } },
    { name: "person action", fn: personRoute.action, path: "/admin/people/PERSON", params: { personId: "PERSON" }, form: true },
  ];

  it.each(["facilitator", "clinical_lead", "advisory"] as Role[])("refuses a %s with 403 and changes nothing", async (role) => {
    const outsider = makePerson({ roles: [role], passwordHash });
    const cookie = await cookieFor(outsider.id);
    const target = makePerson({ roles: ["clinical_lead"], organisationId });
    for (const r of routes) {
      const path = r.path.replace("PERSON", target.id);
      const params = Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, v.replace("PERSON", target.id)]));
      const form = r.form
        ? r.fn === newRoute.action
          ? validPerson({ email: `sneaky.${role}@nhs.net`, roles: ["admin"] })
          : { intent: "deactivate" }
        : undefined;
      const res = await run(r.fn, makeRequest(path, { cookie, form }), params);
      expect(res.status, r.name).toBe(403);
    }
    expect(db().select().from(users).where(eq(users.emailNormalised, `sneaky.${role}@nhs.net`)).get()).toBeUndefined();
    expect(userRow(target.id)?.status).toBe("active");
  });

  it("sends someone not signed in to the sign-in page", async () => {
    const target = makePerson();
    for (const r of routes) {
      const path = r.path.replace("PERSON", target.id);
      const params = Object.fromEntries(Object.entries(r.params).map(([k, v]) => [k, v.replace("PERSON", target.id)]));
      const res = await run(r.fn, makeRequest(path, { form: r.form ? { intent: "deactivate" } : undefined }), params);
      expect(res.status, r.name).toBe(302);
      expect(res.headers.get("Location"), r.name).toBe(`/sign-in?${new URLSearchParams({ redirectTo: path })}`);
    }
    expect(userRow(target.id)?.status).toBe("active");
  });
});
