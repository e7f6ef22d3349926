import { TZDate } from "@date-fns/tz";
import { addMonths, format } from "date-fns";
import { LONDON } from "./dates";

/** A "YYYY-MM" month as UK-time instants [from, to), with its neighbours and a label. */
export function monthRange(month: string | null, now: number) {
  const current = format(new TZDate(now, LONDON), "yyyy-MM");
  const m = month && /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : current;
  const [y, mo] = m.split("-").map(Number);
  const start = new TZDate(y, mo - 1, 1, 0, 0, 0, LONDON);
  const end = addMonths(start, 1);
  return {
    month: m,
    from: start.getTime(),
    to: end.getTime(),
    label: format(start, "MMMM yyyy"),
    previous: format(addMonths(start, -1), "yyyy-MM"),
    next: format(end, "yyyy-MM"),
  };
}
