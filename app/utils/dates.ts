import { format, parseISO } from "date-fns";
import { TZDate } from "@date-fns/tz";

export const LONDON = "Europe/London";

/** A calendar date (YYYY-MM-DD) in words: "1 September 2026". */
export function formatDay(isoDate: string) {
  return format(parseISO(isoDate), "d MMMM yyyy");
}

/** An instant (epoch ms) as London wall-clock time: "1 September 2026, 14:05". */
export function formatInstant(epochMs: number) {
  return format(new TZDate(epochMs, LONDON), "d MMMM yyyy, HH:mm");
}

/** Epoch ms of 00:00 Europe/London on a calendar date (plus `addDays`), whatever the season. */
export function londonMidnight(isoDate: string, addDays = 0) {
  const [y, m, d] = isoDate.split("-").map(Number);
  return new TZDate(y, m - 1, d + addDays, 0, 0, 0, LONDON).getTime();
}

/** "Tuesday 13 January 2026" for an instant, in UK time. */
export function formatMeetingDay(epochMs: number) {
  return format(new TZDate(epochMs, LONDON), "EEEE d MMMM yyyy");
}

/** "14:00 to 16:00" in UK time. */
export function formatTimeRange(startsAt: number, endsAt: number) {
  return `${format(new TZDate(startsAt, LONDON), "HH:mm")} to ${format(new TZDate(endsAt, LONDON), "HH:mm")}`;
}

/** "Tuesday 13 January 2026" for a calendar date. */
export function formatLongDay(isoDate: string) {
  return format(parseISO(isoDate), "EEEE d MMMM yyyy");
}
