/**
 * England and Wales bank holidays. The dates come from a data file
 * (./data/bank-holidays-england-and-wales.json, see ./data/README.md) because
 * the government can add one-off holidays (jubilees, coronations, state
 * funerals) that no rule predicts. `computedBankHolidays` gives the standard
 * pattern; it fills years GOV.UK has not published yet and a test checks the
 * file against it.
 *
 * Pure: all dates are "YYYY-MM-DD" calendar dates, worked on in UTC so the
 * host's time zone cannot shift a day.
 */
import { tz } from "@date-fns/tz";
import { addDays, format, getDay, lastDayOfMonth, parseISO } from "date-fns";
import { z } from "zod";
import data from "./data/bank-holidays-england-and-wales.json";

const UTC = tz("UTC");

/** A calendar date as a Date at UTC midnight (host time zone ignored). */
export function calendarDay(isoDate: string) {
  return parseISO(isoDate, { in: UTC });
}

export function isoDay(date: Date) {
  return format(date, "yyyy-MM-dd");
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar date written as "YYYY-MM-DD" (so not "2026-02-30"). */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== "string" || !ISO_DATE.test(value)) return false;
  const d = calendarDay(value);
  return !Number.isNaN(d.getTime()) && isoDay(d) === value;
}

/**
 * The file is a flat list, one entry a holiday, named as GOV.UK names it with
 * its note folded in ("Boxing Day (substitute day)"). `source` says where the
 * date came from: GOV.UK's published list, `computedBankHolidays`, or added by
 * hand (a one-off holiday GOV.UK has announced for a year it hasn't published).
 */
const BankHolidayFileSchema = z.array(
  z.strictObject({
    date: z.string().refine(isIsoDate, "not a YYYY-MM-DD date"),
    name: z.string().min(1),
    source: z.enum(["gov.uk", "computed", "manual"]),
  }),
);

const file = BankHolidayFileSchema.parse(data);

/** Date -> name, e.g. "2026-12-28" -> "Boxing Day (substitute day)". */
export const BANK_HOLIDAYS: ReadonlyMap<string, string> = new Map(
  [...file].sort((a, b) => a.date.localeCompare(b.date)).map((e) => [e.date, e.name]),
);

const yearsFrom = (source: string) => [...new Set(file.filter((e) => e.source === source).map((e) => Number(e.date.slice(0, 4))))];

/** Which years the data file covers, and which are GOV.UK's own list rather than computed. */
export const BANK_HOLIDAY_YEARS = {
  published: yearsFrom("gov.uk"),
  computed: yearsFrom("computed"),
  first: Math.min(...file.map((e) => Number(e.date.slice(0, 4)))),
  last: Math.max(...file.map((e) => Number(e.date.slice(0, 4)))),
} as const;

function isWeekend(date: Date) {
  const day = getDay(date);
  return day === 0 || day === 6;
}

/** Not a Saturday, a Sunday or a bank holiday. */
export function isWorkingDay(date: string, bankHolidays: ReadonlyMap<string, string> = BANK_HOLIDAYS): boolean {
  return !isWeekend(calendarDay(date)) && !bankHolidays.has(date);
}

/** The first working day strictly after `date`. */
export function nextWorkingDay(date: string, bankHolidays: ReadonlyMap<string, string> = BANK_HOLIDAYS): string {
  let day = addDays(calendarDay(date), 1);
  while (!isWorkingDay(isoDay(day), bankHolidays)) day = addDays(day, 1);
  return isoDay(day);
}

/** Easter Sunday (Gregorian), by the anonymous "Meeus/Jones/Butcher" computus. */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

const pad = (n: number) => String(n).padStart(2, "0");

function firstMonday(year: number, month: number) {
  let day = calendarDay(`${year}-${pad(month)}-01`);
  while (getDay(day) !== 1) day = addDays(day, 1);
  return isoDay(day);
}

function lastMonday(year: number, month: number) {
  let day = lastDayOfMonth(calendarDay(`${year}-${pad(month)}-01`));
  while (getDay(day) !== 1) day = addDays(day, -1);
  return isoDay(day);
}

/**
 * The standard England and Wales pattern for a year, in date order, named as
 * GOV.UK names them. A fixed-date holiday on a weekend moves to the next
 * weekday not already a holiday (so Christmas on a Saturday gives Monday 27th
 * and Boxing Day Tuesday 28th). One-off holidays are not included, and the
 * government has occasionally moved the early May holiday (1995, 2020).
 */
export function computedBankHolidays(year: number): Array<{ date: string; name: string }> {
  if (!Number.isInteger(year) || year < 1900 || year > 9999) throw new RangeError(`Not a year we can compute: ${year}`);
  const easter = calendarDay(easterSunday(year));
  const holidays = [
    { date: isoDay(addDays(easter, -2)), name: "Good Friday" },
    { date: isoDay(addDays(easter, 1)), name: "Easter Monday" },
    { date: firstMonday(year, 5), name: "Early May bank holiday" },
    { date: lastMonday(year, 5), name: "Spring bank holiday" },
    { date: lastMonday(year, 8), name: "Summer bank holiday" },
  ];
  const fixed = [
    { date: `${year}-01-01`, name: "New Year\u2019s Day" },
    { date: `${year}-12-25`, name: "Christmas Day" },
    { date: `${year}-12-26`, name: "Boxing Day" },
  ];
  const weekend = fixed.filter((h) => isWeekend(calendarDay(h.date)));
  holidays.push(...fixed.filter((h) => !weekend.includes(h)));
  // Substitutes go after the real weekday holidays are placed, in date order,
  // each to the next weekday nobody has taken yet.
  for (const h of weekend) {
    let day = addDays(calendarDay(h.date), 1);
    while (isWeekend(day) || holidays.some((x) => x.date === isoDay(day))) day = addDays(day, 1);
    holidays.push({ date: isoDay(day), name: `${h.name} (substitute day)` });
  }
  return holidays.sort((a, b) => a.date.localeCompare(b.date));
}
