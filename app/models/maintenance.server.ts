/**
 * The housekeeping the scheduler runs every so often: share the items whose
 * notice period has ended, and delete in-set text that is past retention.
 * Each step is its own transaction and logs counts only.
 */
import { runRetention, type RetentionResult } from "./retention.server";
import { getSettings } from "./settings.server";
import { publishDueShares } from "./sharing.server";

export type MaintenanceSummary = RetentionResult & { shared: number };

export function runMaintenance(now: number): MaintenanceSummary {
  const shared = publishDueShares(now, getSettings().shareNoticeDays);
  return { shared, ...runRetention(now) };
}
