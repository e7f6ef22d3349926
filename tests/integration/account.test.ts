import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, sessions, users, userTokens } from "~db/schema";
import { createInvitedPerson, deliverInvitations } from "~/models/invitations.server";
import { getCurrentUser } from "~/server/guards.server";
import { hashPassword } from "~/server/passwords.server";
import * as invitationRoute from "~/routes/invitation.$token";
import * as resetRoute from "~/routes/reset-password.$token";
import * as forgotRoute from "~/routes/forgot-password";
import * as signInRoute from "~/routes/sign-in";
import * as twoFactorRoute from "~/routes/sign-in_.two-factor";
import * as enrolRoute from "~/routes/account.two-factor";
import * as adminHome from "~/routes/admin._index";
import { cookieFor, db, jsonOf, makePerson, makePlace, makeRequest, run, useTestApp } from "../helpers/app";

const app = useTestApp();

const cookieOf = (res: Response) => (res.headers.get("Set-Cookie") ?? "").split(";")[0];
const currentCode = (key: string, offsetSteps = 0) =>
  generateHOTP(decodeBase32IgnorePadding(key), BigInt(Math.floor(Date.now() / 30_000) + offsetSteps), 6);

async function invite(roles: Array<"facilitator" | "clinical_lead" | "admin">, email: string) {
  const { organisationId } = makePlace();
  const admin = makePerson({ roles: ["admin"] });
  const pending = db().transaction((tx) =>
    createInvitedPerson(tx, { name: "Robin Hart", email, organisationId, profession: "nurse", roles }, { id: admin.id }),
  );
  app.mailer.sent.length = 0;
  await deliverInvitations([pending], "A CLN admin");
  const link = app.mailer.sent[0].body.match(/\/invitation\/([a-z0-9]+)/);
  expect(link).not.toBeNull();
  return { userId: pending.userId, token: link![1] };
}

describe("invitations", () => {
  it("accepts an invitation once: refuses a common or mismatched password, keeps nothing half-saved, then signs in", async () => {
    const { userId, token } = await invite(["facilitator"], "robin.hart@example.com");
    const page = await jsonOf(await run(invitationRoute.loader, makeRequest(`/invitation/${token}`), { token }));
    expect(page).toMatchObject({ valid: true, name: "Robin Hart", roles: ["Facilitator"] });

    const common = await run(invitationRoute.action, makeRequest(`/invitation/${token}`, { form: { password: "password1234", confirmPassword: "password1234" } }), { token });
    expect(common.status).toBe(400);
    expect((await jsonOf(common)).errors.password).toMatch(/too common/);
    const mismatch = await run(invitationRoute.action, makeRequest(`/invitation/${token}`, { form: { password: "kettle orbit marmalade", confirmPassword: "kettle orbit" } }), { token });
    expect((await jsonOf(mismatch)).errors.confirmPassword).toMatch(/do not match/);
    expect(db().select({ s: users.status }).from(users).where(eq(users.id, userId)).get()?.s).toBe("invited");

    const ok = await run(invitationRoute.action, makeRequest(`/invitation/${token}`, { form: { password: "kettle orbit marmalade", confirmPassword: "kettle orbit marmalade" } }), { token });
    expect(ok.status).toBe(302);
    // Facilitators go on to set up two-factor sign-in.
    expect(ok.headers.get("Location")).toBe("/account/two-factor?welcome=1");
    expect(db().select({ s: users.status }).from(users).where(eq(users.id, userId)).get()?.s).toBe("active");
    expect(await getCurrentUser(makeRequest("/", { cookie: cookieOf(ok) }))).toMatchObject({ id: userId });

    const again = await run(invitationRoute.action, makeRequest(`/invitation/${token}`, { form: { password: "another long passphrase", confirmPassword: "another long passphrase" } }), { token });
    expect(again.status).toBe(410);
    expect((await jsonOf(await run(invitationRoute.loader, makeRequest(`/invitation/${token}`), { token }))).valid).toBe(false);
  });

  it("stores only a hash of the link token and refuses an expired link", async () => {
    const { userId, token } = await invite(["clinical_lead"], "expired@example.com");
    const stored = db().select().from(userTokens).where(eq(userTokens.userId, userId)).all();
    expect(stored).toHaveLength(1);
    expect(stored[0].tokenHash).not.toContain(token);
    db().update(userTokens).set({ expiresAt: Date.now() - 1 }).where(eq(userTokens.userId, userId)).run();
    const res = await run(invitationRoute.action, makeRequest(`/invitation/${token}`, { form: { password: "kettle orbit marmalade", confirmPassword: "kettle orbit marmalade" } }), { token });
    expect(res.status).toBe(410);
  });
});

describe("password reset", () => {
  it("sends a link only for a known account, answering the same either way; resetting ends other sessions", async () => {
    const person = makePerson({ email: "reset.me@example.com", passwordHash: await hashPassword("old long passphrase") });
    const oldCookie = await cookieFor(person.id);
    app.mailer.sent.length = 0;
    const known = await jsonOf(await run(forgotRoute.action, makeRequest("/forgot-password", { form: { email: "Reset.Me@example.com" } })));
    const unknown = await jsonOf(await run(forgotRoute.action, makeRequest("/forgot-password", { form: { email: "nobody@example.com" } })));
    expect(known).toEqual(unknown);
    expect(app.mailer.sent).toHaveLength(1);
    const token = app.mailer.sent[0].body.match(/\/reset-password\/([a-z0-9]+)/)![1];

    const res = await run(resetRoute.action, makeRequest(`/reset-password/${token}`, { form: { password: "new long passphrase", confirmPassword: "new long passphrase" } }), { token });
    expect(res.status).toBe(302);
    expect(await getCurrentUser(makeRequest("/", { cookie: oldCookie }))).toBeNull();
    const signIn = await run(signInRoute.action, makeRequest("/sign-in", { form: { email: "reset.me@example.com", password: "new long passphrase" } }));
    expect(signIn.status).toBe(302);
  });
});

describe("two-factor sign-in", () => {
  it("enrols with a code from the key shown, then asks for a fresh code at each sign-in", async () => {
    const person = makePerson({ roles: ["admin"], email: "mfa.admin@example.com", passwordHash: await hashPassword("admin long passphrase") });
    const cookie = await cookieFor(person.id, { twoFactorVerified: false });
    const setup = await jsonOf(await run(enrolRoute.loader, makeRequest("/account/two-factor", { cookie })));
    expect(setup.enrolled).toBe(false);
    expect(JSON.stringify(setup)).not.toContain('"key"');
    const key = setup.manualKey.replace(/ /g, "");

    const wrong = await run(enrolRoute.action, makeRequest("/account/two-factor", { cookie, form: { code: "000000" } }));
    expect(wrong.status).toBe(400);
    expect(db().select({ k: users.totpKey }).from(users).where(eq(users.id, person.id)).get()?.k).toBeNull();
    // After a wrong code the page shows the same key, so the app need not be set up again.
    const again = await jsonOf(await run(enrolRoute.loader, makeRequest("/account/two-factor", { cookie })));
    expect(again.manualKey).toBe(setup.manualKey);
    // A key sent in the form is not accepted: the key is the server's.
    const smuggled = await run(enrolRoute.action, makeRequest("/account/two-factor", { cookie, form: { key: "A".repeat(32), code: "123456" } }));
    expect(smuggled.status).toBe(400);
    const right = await run(enrolRoute.action, makeRequest("/account/two-factor", { cookie, form: { code: currentCode(key) } }));
    expect(right.status).toBe(302);
    expect(db().select({ k: users.totpKey, p: users.totpPendingKey }).from(users).where(eq(users.id, person.id)).get()).toEqual({ k: key, p: null });

    // A new sign-in stops at the code page until a fresh code is given.
    const signIn = await run(signInRoute.action, makeRequest("/sign-in", { form: { email: "mfa.admin@example.com", password: "admin long passphrase", redirectTo: "/admin" } }));
    expect(signIn.headers.get("Location")).toBe("/sign-in/two-factor?redirectTo=%2Fadmin");
    const pending = cookieOf(signIn);
    const blocked = await run(adminHome.loader, makeRequest("/admin", { cookie: pending }));
    expect(blocked.headers.get("Location")).toBe("/sign-in/two-factor");
    const replay = await run(twoFactorRoute.action, makeRequest("/sign-in/two-factor?redirectTo=%2Fadmin", { cookie: pending, form: { code: currentCode(key) } }));
    expect(replay.status).toBe(400);
    const fresh = await run(twoFactorRoute.action, makeRequest("/sign-in/two-factor?redirectTo=%2Fadmin", { cookie: pending, form: { code: currentCode(key, 1) } }));
    expect(fresh.status).toBe(302);
    expect(fresh.headers.get("Location")).toBe("/admin");
    expect((await run(adminHome.loader, makeRequest("/admin", { cookie: pending }))).status).toBe(200);
    const actions = db().select({ a: auditLog.action }).from(auditLog).where(eq(auditLog.actorId, person.id)).all().map((r) => r.a);
    expect(actions).toEqual(expect.arrayContaining(["two_factor_enrolled", "two_factor_failed", "two_factor_passed", "sign_in"]));
  });

  it("never redirects off-site after sign-in", async () => {
    makePerson({ email: "redirect@example.com", passwordHash: await hashPassword("redirect long passphrase") });
    const res = await run(signInRoute.action, makeRequest("/sign-in", { form: { email: "redirect@example.com", password: "redirect long passphrase", redirectTo: "//evil.example/x" } }));
    expect(res.headers.get("Location")).toBe("/");
  });

  it("limits failed sign-ins per account to 100 an hour, without locking the account for good", async () => {
    makePerson({ email: "target@example.com", passwordHash: await hashPassword("target long passphrase") });
    const { signInFailures } = await import("~db/schema");
    const now = Date.now();
    db().insert(signInFailures).values(Array.from({ length: 100 }, (_, i) => ({ emailNormalised: "target@example.com", at: now - i * 1000 }))).run();
    const limited = await run(signInRoute.action, makeRequest("/sign-in", { form: { email: "target@example.com", password: "target long passphrase" } }));
    expect(limited.status).toBe(429);
    db().update(signInFailures).set({ at: now - 2 * 3600_000 }).where(eq(signInFailures.emailNormalised, "target@example.com")).run();
    const later = await run(signInRoute.action, makeRequest("/sign-in", { form: { email: "target@example.com", password: "target long passphrase" } }));
    expect(later.status).toBe(302);
  });
});

describe("REQUIRE_MFA", () => {
  it("sends a facilitator without two-factor to set it up before anything else", async () => {
    const { requireUser } = await import("~/server/guards.server");
    const person = makePerson({ roles: ["facilitator"] });
    const cookie = await cookieFor(person.id, { twoFactorVerified: false });
    app.services.env.REQUIRE_MFA = true;
    try {
      await expect(requireUser(makeRequest("/facilitator", { cookie }))).rejects.toSatisfy(
        (r: unknown) => r instanceof Response && r.headers.get("Location") === "/account/two-factor",
      );
      const lead = makePerson({ roles: ["clinical_lead"] });
      await expect(requireUser(makeRequest("/lead", { cookie: await cookieFor(lead.id) }))).resolves.toMatchObject({ id: lead.id });
    } finally {
      app.services.env.REQUIRE_MFA = false;
    }
    expect(db().select().from(sessions).where(eq(sessions.userId, person.id)).all()).toHaveLength(1);
  });
});
