/**
 * Settings a CLN admin can change, stored as JSON values by key in `settings`.
 * Every setting is declared once in SETTING_DEFINITIONS (default, allowed
 * range, words for the form), so adding one (the themes work will add its
 * thresholds) is one entry here: the admin page and its checks follow from it.
 *
 * A missing, unreadable or out-of-range stored value reads as the default, so
 * a bad row can never switch retention off or make it delete everything.
 */
import { inArray } from "drizzle-orm";
import { settings } from "~db/schema";
import type { DB } from "~db/client";
import { db } from "~/server/context.server";
import { audit } from "./audit.server";
import type { Actor } from "./people.server";

export type SettingDefinition = {
  /** What the form calls it. */
  label: string;
  /** Plain words for the form: what it does and what happens when it changes. */
  hint: string;
  /** The unit shown after the number, e.g. "days". */
  unit: string;
  default: number;
  min: number;
  max: number;
  /** For a setting that is a choice rather than an amount: the words for each value from min to max. */
  choices?: readonly string[];
};

export const SETTING_DEFINITIONS = {
  retentionDays: {
    label: "Days to keep what was said in a set",
    hint:
      "Members' bids and the facilitators' private notes are deleted this many days after the meeting ended. Actions and report-backs are kept: they belong to the person who owns them. Shortening this deletes older text the next time the daily clean-up runs, and deleted text cannot be brought back.",
    unit: "days",
    default: 90,
    min: 7,
    max: 3650,
  },
  shareNoticeDays: {
    label: "Days an owner has to withdraw an item before it is shared",
    hint:
      "When a facilitator proposes sharing a de-identified action or report-back beyond the set, its owner has this many days to withdraw it. If they do nothing, it is shared when the time is up. 0 means it is shared as soon as the facilitator approves it.",
    unit: "days",
    default: 7,
    min: 0,
    max: 30,
  },
  gapWindowMonths: {
    label: "Months looked back over when flagging intervention gaps",
    hint: "A theme is flagged to the advisory group when it recurs within this many months, counted back from today.",
    unit: "months",
    default: 6,
    min: 1,
    max: 36,
  },
  gapMinCohorts: {
    label: "Sets a theme must come from to be flagged",
    hint: "The least number of different sets (cohorts) whose shared items carry the theme within the window.",
    unit: "sets",
    default: 3,
    min: 2,
    max: 100,
  },
  gapMinFootprints: {
    label: "Footprints a theme must come from to be flagged",
    hint: "The least number of different footprints (ICS areas) those sets are in.",
    unit: "footprints",
    default: 2,
    min: 1,
    max: 50,
  },
  gapMinPeople: {
    label: "People a theme must come from to be flagged",
    hint: "The least number of different people whose shared items carry the theme. People are counted inside the service; only the count is used. It cannot be under 8, so a flag never points to a few people.",
    unit: "people",
    default: 8,
    min: 8,
    max: 1000,
  },
  gapMinWeight: {
    label: "Weight of evidence a theme needs to be flagged",
    hint: "Each shared item carrying the theme weighs 1 point; what got in the way of an action reported \"not done\" weighs 2, because an unmet need counts for more than an intention.",
    unit: "points",
    default: 10,
    min: 1,
    max: 10000,
  },
  wellbeingCheck: {
    label: "Wellbeing check at check-in",
    hint:
      "Each person may choose to answer a private \"how are you arriving today\" scale (0 to 10) at the check-in stage of live meetings, and, when it is switched on, the PHQ-4: four short questions about anxiety and low mood. Taking part is always optional; answers are seen only by the person who gave them, and only figures for 8 or more people leave them.",
    unit: "level",
    default: 0,
    min: 0,
    max: 2,
    choices: ["Off", "The \"how are you arriving today\" scale", "The scale and the PHQ-4"],
  },
} as const satisfies Record<string, SettingDefinition>;

export type SettingKey = keyof typeof SETTING_DEFINITIONS;
export type Settings = { [K in SettingKey]: number };

export const SETTING_KEYS = Object.keys(SETTING_DEFINITIONS) as SettingKey[];

export const defaultSettings = (): Settings =>
  Object.fromEntries(SETTING_KEYS.map((k) => [k, SETTING_DEFINITIONS[k].default])) as Settings;

/** Why a value is not allowed, in words for the form; null if it is fine. */
export function settingProblem(key: SettingKey, value: unknown): string | null {
  const def = SETTING_DEFINITIONS[key];
  if (typeof value !== "number" || !Number.isInteger(value) || value < def.min || value > def.max) {
    return `Enter a whole number of ${def.unit} from ${def.min} to ${def.max.toLocaleString("en-GB")}`;
  }
  return null;
}

type Reader = Pick<DB, "select">;

/** The current settings, each the stored value if it is allowed, otherwise the default. */
export function getSettings(tx: Reader = db()): Settings {
  const out = defaultSettings();
  const rows = tx.select({ key: settings.key, value: settings.value }).from(settings).where(inArray(settings.key, SETTING_KEYS)).all();
  for (const row of rows) {
    const key = row.key as SettingKey;
    let value: unknown;
    try {
      value = JSON.parse(row.value);
    } catch {
      continue;
    }
    if (settingProblem(key, value) === null) out[key] = value as number;
  }
  return out;
}

export type UpdateSettingsResult =
  | { ok: true; changed: SettingKey[] }
  | { ok: false; errors: Partial<Record<SettingKey, string>> };

/**
 * Saves the settings given (others are left as they are) in one transaction,
 * with one audit entry naming each changed setting and its old and new number.
 * Nothing is written when nothing changed.
 */
export function updateSettings(input: Partial<Settings>, actor: Actor): UpdateSettingsResult {
  const errors: Partial<Record<SettingKey, string>> = {};
  const given = SETTING_KEYS.filter((k) => input[k] !== undefined);
  for (const key of given) {
    const problem = settingProblem(key, input[key]);
    if (problem) errors[key] = problem;
  }
  if (Object.keys(errors).length) return { ok: false, errors };

  return db().transaction(
    (tx) => {
      const current = getSettings(tx);
      const changed = given.filter((k) => input[k] !== current[k]);
      if (!changed.length) return { ok: true as const, changed };
      const now = Date.now();
      const detail: Record<string, string> = {};
      for (const key of changed) {
        const value = JSON.stringify(input[key]);
        tx.insert(settings)
          .values({ key, value, updatedBy: actor.id, updatedAt: now })
          .onConflictDoUpdate({ target: settings.key, set: { value, updatedBy: actor.id, updatedAt: now } })
          .run();
        detail[key] = `${current[key]}→${input[key]}`;
      }
      audit({ actorId: actor.id, action: "settings_updated", targetType: "settings", detail, ip: actor.ip }, tx);
      return { ok: true as const, changed };
    },
    { behavior: "immediate" },
  );
}
