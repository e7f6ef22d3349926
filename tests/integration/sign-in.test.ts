import { eq } from "drizzle-orm";
import { describe, expect, it, vi } from "vitest";
import { sessions } from "~db/schema";
import { hashPassword } from "~/server/passwords.server";
import { getCurrentUser } from "~/server/guards.server";
import * as signInRoute from "~/routes/sign-in";
import { cookieFor, db, jsonOf, makePerson, makeRequest, run, useTestApp } from "../helpers/app";

useTestApp();

describe("sign-in", () => {
  it("signs in with the right password, storing only a hash of the session token", async () => {
    const person = makePerson({ email: "Sam.Jones@Example.com", passwordHash: await hashPassword("a long enough passphrase") });
    const res = await run(signInRoute.action, makeRequest("/sign-in", { form: { email: "sam.jones@example.com", password: "a long enough passphrase", redirectTo: "" } }));
    expect(res.status).toBe(302);
    const setCookie = res.headers.get("Set-Cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const token = setCookie.split(";")[0].split("=")[1];
    expect(token.length).toBeGreaterThanOrEqual(32);
    const stored = db().select().from(sessions).where(eq(sessions.userId, person.id)).all();
    expect(stored).toHaveLength(1);
    expect(stored[0].id).not.toBe(token);
    expect(stored[0].id).toMatch(/^[0-9a-f]{64}$/);
  });

  it("gives the same answer for a wrong password and an unknown email, keeping the email typed", async () => {
    makePerson({ email: "known@example.com", passwordHash: await hashPassword("the right passphrase") });
    const wrong = await run(signInRoute.action, makeRequest("/sign-in", { form: { email: "known@example.com", password: "not the right one" } }));
    const unknown = await run(signInRoute.action, makeRequest("/sign-in", { form: { email: "nobody@example.com", password: "not the right one" } }));
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    const a = await jsonOf(wrong);
    const b = await jsonOf(unknown);
    expect(a.formError).toBe(b.formError);
    expect(a.values.email).toBe("known@example.com");
    expect(a.values.password).toBeUndefined();
  });

  it("refuses unknown form fields", async () => {
    const res = await run(signInRoute.action, makeRequest("/sign-in", { form: { email: "a@example.com", password: "x", isAdmin: "true" } }));
    expect(res.status).toBe(400);
    expect((await jsonOf(res)).formError).toMatch(/isAdmin/);
  });

  it("ends a session after 30 idle minutes and after 12 hours however active", async () => {
    const person = makePerson();
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date("2026-03-01T09:00:00Z"));
      const cookie = await cookieFor(person.id);
      const at = (iso: string) => {
        vi.setSystemTime(new Date(iso));
        return getCurrentUser(makeRequest("/", { cookie }));
      };
      // Active every 20 minutes: still signed in at 20:40 (11h40m).
      for (let minutes = 20; minutes <= 700; minutes += 20) {
        const t = new Date(Date.parse("2026-03-01T09:00:00Z") + minutes * 60_000).toISOString();
        expect(await at(t), `at +${minutes} min`).not.toBeNull();
      }
      expect(await at("2026-03-01T21:00:00Z")).toBeNull();

      vi.setSystemTime(new Date("2026-03-02T09:00:00Z"));
      const idle = await cookieFor(person.id);
      vi.setSystemTime(new Date("2026-03-02T09:29:00Z"));
      expect(await getCurrentUser(makeRequest("/", { cookie: idle }))).not.toBeNull();
      vi.setSystemTime(new Date("2026-03-02T09:59:30Z"));
      expect(await getCurrentUser(makeRequest("/", { cookie: idle }))).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
