/**
 * The housekeeping the scheduler runs every so often: share the items whose
 * notice period has ended, delete in-set text that is past retention, and
 * flag themes that now recur enough to be possible intervention gaps, and
 * delete email jobs long finished. Each step is its own transaction and logs counts only.
 */
import { windowStart } from "~/domain/gaps";
import { advisoryOverview, emergentCandidates } from "./advisory.server";
import { flagRecurringThemes, gapThresholds, monthOf } from "./gaps.server";
import { pruneFinishedJobs } from "./jobs.server";
import { runRetention, type RetentionResult } from "./retention.server";
import { getSettings } from "./settings.server";
import { publishDueShares } from "./sharing.server";

export type MaintenanceSummary = RetentionResult & { shared: number; flagged: number; jobsDeleted: number };

export function runMaintenance(now: number): MaintenanceSummary {
  const shared = publishDueShares(now, getSettings().shareNoticeDays);
  const retention = runRetention(now);
  // After sharing, so what was just shared counts towards recurrence.
  const flagged = flagRecurringThemes(now).length;
  // The advisory page opens on the gap window for all footprints: have its protected figures and candidate themes ready.
  const to = monthOf(now);
  const period = { from: windowStart(to, gapThresholds().windowMonths), to, footprintId: null };
  advisoryOverview(period);
  emergentCandidates(period);
  const jobsDeleted = pruneFinishedJobs(now);
  return { shared, ...retention, flagged, jobsDeleted };
}
