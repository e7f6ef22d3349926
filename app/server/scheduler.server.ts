/**
 * Runs the email jobs (app/models/jobs.server.ts) inside the server process:
 * every interval, and soon after a model commits a change (`kickScheduler`),
 * so notices go out at once. Runs never overlap within one process; the
 * claim in `runDueJobs` keeps runs in different processes apart.
 */
import { recoverInterruptedJobs, runDueJobs } from "~/models/jobs.server";
import { runMaintenance } from "~/models/maintenance.server";
import { log } from "./log.server";

export type Scheduler = { stop(): Promise<void>; kick(): void };

/** Jobs taken in one run; when a run takes this many, another follows at once. */
const BATCH = 100;
/** A kick waits this long, so a burst of changes makes one run. */
const KICK_DELAY_MS = 25;
/** Sharing after notice and retention are daily-grained rules: checking hourly is plenty. */
const MAINTENANCE_EVERY_MS = 60 * 60_000;

// On globalThis, like the services: the Remix build and code loaded beside it share one scheduler.
const KEY = Symbol.for("cln-als.scheduler");
type Holder = { [KEY]?: Scheduler };

/**
 * Starts running due jobs every `intervalMs`. First marks jobs left "running"
 * by a stopped process as interrupted (they are not resent), then runs soon.
 */
export function startScheduler(intervalMs: number): Scheduler {
  const holder = globalThis as Holder;
  if (holder[KEY]) throw new Error("The scheduler is already running in this process");

  recoverInterruptedJobs(Date.now());

  let stopped = false;
  const stopping = new AbortController();
  let inFlight: Promise<void> | null = null;
  let again = false;
  let kickTimer: NodeJS.Timeout | null = null;
  let lastMaintenance = 0;

  const runOnce = () => {
    if (stopped) return;
    if (inFlight) {
      // Never two runs at once here; run again when this one ends.
      again = true;
      return;
    }
    inFlight = (async () => {
      try {
        const now = Date.now();
        if (now - lastMaintenance >= MAINTENANCE_EVERY_MS) {
          lastMaintenance = now;
          try {
            const done = runMaintenance(now);
            if (done.shared || done.notes || done.bids || done.flagged || done.jobsDeleted) log.info("maintenance run", done);
          } catch (error) {
            log.error("maintenance run failed", { error: String(error).slice(0, 200) });
          }
        }
        const summary = await runDueJobs(now, { limit: BATCH, signal: stopping.signal });
        const total = summary.sent + summary.failed + summary.skipped + summary.retried;
        if (total > 0) log.info("scheduled jobs run", summary);
        if (total >= BATCH) again = true;
      } catch (error) {
        // Database errors only (sending errors are handled per job), so no personal data.
        log.error("scheduled job run failed", { error: String(error).slice(0, 200) });
      }
    })().finally(() => {
      inFlight = null;
      if (again && !stopped) {
        again = false;
        kick();
      }
    });
  };

  const kick = () => {
    if (stopped || kickTimer) return;
    kickTimer = setTimeout(() => {
      kickTimer = null;
      runOnce();
    }, KICK_DELAY_MS);
    kickTimer.unref();
  };

  const interval = setInterval(runOnce, intervalMs);
  interval.unref();

  const scheduler: Scheduler = {
    kick,
    async stop() {
      stopped = true;
      stopping.abort();
      clearInterval(interval);
      if (kickTimer) clearTimeout(kickTimer);
      kickTimer = null;
      if (holder[KEY] === scheduler) holder[KEY] = undefined;
      await inFlight;
    },
  };
  holder[KEY] = scheduler;
  log.info("scheduler started", { intervalMs });
  kick();
  return scheduler;
}

/** Asks the running scheduler to run soon; does nothing when none is running (tests, scripts). */
export function kickScheduler() {
  (globalThis as Holder)[KEY]?.kick();
}
