import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import { sessions } from "~db/schema";
import { touchSession } from "~/server/auth.server";
import { getCurrentUser } from "~/server/guards.server";
import { cookieFor, db, makePerson, makeRequest, useTestApp } from "../helpers/app";

useTestApp();
beforeAll(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
});
afterAll(() => {
  vi.useRealTimers();
});

it("live-meeting activity keeps a session alive past 30 idle page minutes, but not past 12 hours", async () => {
  const person = makePerson();
  vi.setSystemTime(new Date("2026-03-01T09:00:00Z"));
  const cookie = await cookieFor(person.id);
  const sessionId = db().select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, person.id)).get()!.id;
  // No page requests, only meeting activity every 20 minutes for an hour.
  for (const t of ["09:20", "09:40", "10:00"]) {
    vi.setSystemTime(new Date(`2026-03-01T${t}:00Z`));
    expect(touchSession(sessionId), t).toBe(true);
  }
  vi.setSystemTime(new Date("2026-03-01T10:25:00Z"));
  expect(await getCurrentUser(makeRequest("/", { cookie }))).not.toBeNull();

  // Idle for more than 30 minutes: over.
  vi.setSystemTime(new Date("2026-03-01T11:00:00Z"));
  expect(touchSession(sessionId)).toBe(false);

  // However active, 12 hours is the end.
  vi.setSystemTime(new Date("2026-03-02T09:00:00Z"));
  const second = await cookieFor(person.id);
  const secondId = db().select({ id: sessions.id, createdAt: sessions.createdAt }).from(sessions).where(eq(sessions.userId, person.id)).all().find((r) => r.createdAt === Date.parse("2026-03-02T09:00:00Z"))!.id;
  for (let minutes = 20; minutes < 720; minutes += 20) {
    vi.setSystemTime(new Date(Date.parse("2026-03-02T09:00:00Z") + minutes * 60_000));
    expect(touchSession(secondId), `+${minutes} min`).toBe(true);
  }
  vi.setSystemTime(new Date("2026-03-02T21:00:00Z"));
  expect(touchSession(secondId)).toBe(false);
  expect(await getCurrentUser(makeRequest("/", { cookie: second }))).toBeNull();
});
