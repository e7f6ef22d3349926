/**
 * The admins' Emails page (/admin/emails): the meeting emails given up on
 * after every retry, or interrupted while sending, with what went wrong but
 * never an address; sending one again (audited, then sent by the ordinary
 * runner, which checks it still applies); and the daily clear-out of jobs
 * long finished.
 */
import { and, eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { auditLog, jobs, meetings } from "~db/schema";
import { KEEP_FINISHED_JOBS_DAYS, KEEP_UNDELIVERED_JOBS_DAYS, MAX_ATTEMPTS, RETRY_BACKOFF_MS, pruneFinishedJobs, runDueJobs } from "~/models/jobs.server";
import { runMaintenance } from "~/models/maintenance.server";
import * as adminHome from "~/routes/admin._index";
import * as emailsRoute from "~/routes/admin.emails";
import { newId } from "~/server/ids.server";
import { cookieFor, db, jsonOf, makePerson, makePlace, makeRequest, run, useTestApp } from "../helpers/app";
import { DAY, makeMeeting, makeSet } from "../helpers/sets";

const state = useTestApp();

beforeEach(() => {
  db().delete(jobs).run();
  state.mailer.sent.length = 0;
  state.mailer.fail = false;
});

/** A day-before reminder for a member of a new set, due now, for a meeting in three days. */
function reminder(now: number) {
  const set = makeSet(makePlace().footprintId);
  const [priya] = set.members;
  const meetingId = makeMeeting(set.cohortId, now + 3 * DAY);
  const id = newId();
  db()
    .insert(jobs)
    .values({ id, kind: "reminder_1d", dedupeKey: `test:${id}`, meetingId, userId: priya.id, meetingSequence: 0, runAt: now })
    .run();
  const cohortName = `Set ${set.cohortId.slice(0, 6)}`;
  return { id, priya, meetingId, cohortName };
}

/** Runs the outbox with a failing mail service until the job is given up, as the scheduler would over 81 minutes. */
async function failUntilGivenUp(now: number) {
  state.mailer.fail = true;
  let at = now;
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    await runDueJobs(at);
    at += RETRY_BACKOFF_MS[attempt - 1] ?? 0;
  }
  state.mailer.fail = false;
  return at;
}

const admin = () => makePerson({ roles: ["admin"], name: "Ada Admin" });
const page = async (cookie: string) => jsonOf(await run(emailsRoute.loader, makeRequest("/admin/emails", { cookie })));
const post = (cookie: string, form: Record<string, string>) => run(emailsRoute.action, makeRequest("/admin/emails", { cookie, form }));

describe("the Emails page", () => {
  it("lists an email given up on after every retry, with whom and which meeting it was for, and no address", async () => {
    const now = Date.now();
    const r = reminder(now);
    await failUntilGivenUp(now);
    expect(db().select({ status: jobs.status, attempts: jobs.attempts }).from(jobs).where(eq(jobs.id, r.id)).get()).toEqual({ status: "failed", attempts: MAX_ATTEMPTS });
    // One that went, one waiting and one interrupted while sending, for the counts.
    const sent = reminder(now);
    await runDueJobs(now);
    reminder(now + DAY);
    const interrupted = reminder(now);
    db().update(jobs).set({ status: "interrupted", attempts: 1, lastError: "interrupted while sending" }).where(eq(jobs.id, interrupted.id)).run();

    const cookie = await cookieFor(admin().id);
    const data = await page(cookie);
    // The admin home page says so too.
    expect((await jsonOf(await run(adminHome.loader, makeRequest("/admin", { cookie })))).emailsNotSent).toBe(2);
    expect(data.emails.map((e: { id: string }) => e.id).sort()).toEqual([r.id, interrupted.id].sort());
    const failed = data.emails.find((e: { id: string }) => e.id === r.id);
    expect(failed).toMatchObject({
      kind: "reminder_1d",
      status: "failed",
      attempts: MAX_ATTEMPTS,
      recipientId: r.priya.id,
      recipientName: "Priya Shah",
      cohortName: r.cohortName,
      meetingStartsAt: expect.any(Number),
      lastError: expect.stringContaining("mail service unavailable"),
    });
    expect(JSON.stringify(data)).not.toContain("@");
    expect({ undelivered: data.undelivered, waiting: data.waiting, sentLast30Days: data.sentLast30Days }).toEqual({ undelivered: 2, waiting: 1, sentLast30Days: 1 });
    expect(db().select({ status: jobs.status }).from(jobs).where(eq(jobs.id, sent.id)).get()?.status).toBe("sent");
  });

  it("sends one again: queued at once with fresh retries, audited, then sent by the runner", async () => {
    const now = Date.now();
    const r = reminder(now);
    const after = await failUntilGivenUp(now);
    const ada = admin();
    const res = await post(await cookieFor(ada.id), { intent: "retry", jobId: r.id });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin/emails?notice=queued");
    const job = db().select().from(jobs).where(eq(jobs.id, r.id)).get()!;
    expect(job).toMatchObject({ status: "pending", attempts: 0, lockedUntil: null });
    expect(job.runAt).toBeLessThanOrEqual(Date.now());
    const entry = db().select().from(auditLog).where(and(eq(auditLog.action, "email_retried"), eq(auditLog.targetId, r.id))).get();
    expect(entry).toMatchObject({ actorId: ada.id, targetType: "job" });
    expect(JSON.parse(entry!.detail!)).toEqual({ kind: "reminder_1d", was: "failed", attempts: MAX_ATTEMPTS });

    expect(await runDueJobs(Math.max(after, Date.now()))).toMatchObject({ sent: 1 });
    expect(state.mailer.sent.map((e) => e.to)).toEqual([expect.stringContaining("@")]);
    expect(db().select({ status: jobs.status }).from(jobs).where(eq(jobs.id, r.id)).get()?.status).toBe("sent");
  });

  it("a reminder sent again for a meeting that has since moved is skipped, not sent", async () => {
    const now = Date.now();
    const r = reminder(now);
    await failUntilGivenUp(now);
    db().update(meetings).set({ sequence: 1, startsAt: now + 10 * DAY, endsAt: now + 10 * DAY + 7_200_000 }).where(eq(meetings.id, r.meetingId)).run();
    await post(await cookieFor(admin().id), { intent: "retry", jobId: r.id });
    expect(await runDueJobs(Date.now())).toMatchObject({ sent: 0, skipped: 1 });
    expect(state.mailer.sent).toEqual([]);
  });

  it("refuses to queue again one that is waiting or unknown, changing nothing", async () => {
    const now = Date.now();
    const waiting = reminder(now + DAY);
    const cookie = await cookieFor(admin().id);
    const again = await post(cookie, { intent: "retry", jobId: waiting.id });
    expect(again.status).toBe(409);
    expect((await jsonOf(again)).formError).toMatch(/already queued or sent/);
    const unknown = await post(cookie, { intent: "retry", jobId: "no-such-job" });
    expect(unknown.status).toBe(404);
    const extra = await post(cookie, { intent: "retry", jobId: waiting.id, status: "pending" });
    expect(extra.status).toBe(400);
    expect(db().select({ runAt: jobs.runAt, status: jobs.status }).from(jobs).where(eq(jobs.id, waiting.id)).get()).toEqual({ runAt: now + DAY, status: "pending" });
    expect(db().select().from(auditLog).where(and(eq(auditLog.action, "email_retried"), eq(auditLog.targetId, waiting.id))).all()).toEqual([]);
  });

  it("refuses everyone but CLN admins", async () => {
    const facilitator = makePerson({ roles: ["facilitator"] });
    const r = reminder(Date.now());
    const res = await post(await cookieFor(facilitator.id), { intent: "retry", jobId: r.id }).catch((e: unknown) => e as Response);
    expect(res.status).toBe(403);
    expect(db().select({ status: jobs.status }).from(jobs).where(eq(jobs.id, r.id)).get()?.status).toBe("pending");
  });
});

describe("clearing out old jobs", () => {
  it("deletes sent and cancelled jobs after 90 days and undelivered ones after a year, and keeps the rest", () => {
    const now = Date.now();
    const make = (status: "sent" | "cancelled" | "failed" | "interrupted" | "pending", ageDays: number) => {
      const r = reminder(now - ageDays * DAY);
      db().update(jobs).set({ status }).where(eq(jobs.id, r.id)).run();
      return r.id;
    };
    const gone = [
      make("sent", KEEP_FINISHED_JOBS_DAYS + 1),
      make("cancelled", KEEP_FINISHED_JOBS_DAYS + 1),
      make("failed", KEEP_UNDELIVERED_JOBS_DAYS + 1),
      make("interrupted", KEEP_UNDELIVERED_JOBS_DAYS + 1),
    ];
    const kept = [
      make("sent", KEEP_FINISHED_JOBS_DAYS - 1),
      make("failed", KEEP_FINISHED_JOBS_DAYS + 1),
      make("interrupted", KEEP_UNDELIVERED_JOBS_DAYS - 1),
      make("pending", KEEP_UNDELIVERED_JOBS_DAYS + 1),
    ];
    expect(pruneFinishedJobs(now)).toBe(gone.length);
    expect(db().select({ id: jobs.id }).from(jobs).all().map((j) => j.id).sort()).toEqual([...kept].sort());
    // The daily maintenance does it too, and says how many.
    make("sent", KEEP_FINISHED_JOBS_DAYS + 5);
    expect(runMaintenance(now).jobsDeleted).toBe(1);
  });
});
