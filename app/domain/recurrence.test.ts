import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { afterEach, describe, expect, it } from "vitest";
import { BANK_HOLIDAYS } from "./bank-holidays";
import {
  bankHolidaysNeedingChoice,
  checkPlan,
  describeRule,
  firstMeetingDate,
  generateOccurrences,
  londonInstant,
  parseStoredRule,
  RecurrenceRuleSchema,
  resolveBankHolidays,
  type Occurrence,
  type RecurrenceRule,
  type SeriesPlan,
} from "./recurrence";

const utc = (iso: string) => Date.parse(iso);
const londonClock = (ms: number) => format(new TZDate(ms, "Europe/London"), "yyyy-MM-dd HH:mm");
const HOUR = 60 * 60 * 1000;

const secondTuesday: RecurrenceRule = { kind: "monthly", nth: 2, weekday: 2 };
const cohort2026 = { termStart: "2026-01-01", termEnd: "2026-12-31", bankHolidays: BANK_HOLIDAYS };
const cohort2026to27 = { termStart: "2026-09-01", termEnd: "2027-07-31", bankHolidays: BANK_HOLIDAYS };

function plan(over: Partial<SeriesPlan> = {}): SeriesPlan {
  return { rule: secondTuesday, firstDate: "2026-01-01", startTime: "14:00", durationMinutes: 120, until: { kind: "termEnd" }, ...over };
}
const dates = (g: { occurrences: Occurrence[] }) => g.occurrences.map((o) => o.date);

describe("RecurrenceRuleSchema", () => {
  it("parses the rules a series can have", () => {
    expect(RecurrenceRuleSchema.parse({ kind: "monthly", nth: -1, weekday: 5 })).toEqual({ kind: "monthly", nth: -1, weekday: 5 });
    expect(RecurrenceRuleSchema.parse({ kind: "weekly", intervalWeeks: 8 })).toEqual({ kind: "weekly", intervalWeeks: 8 });
    expect(parseStoredRule('{"kind":"monthly","nth":2,"weekday":2}')).toEqual(secondTuesday);
  });

  it.each([
    ["an unknown key", { kind: "monthly", nth: 2, weekday: 2, extra: true }],
    ["nth 0", { kind: "monthly", nth: 0, weekday: 2 }],
    ["nth 6", { kind: "monthly", nth: 6, weekday: 2 }],
    ["weekday 7", { kind: "monthly", nth: 1, weekday: 7 }],
    ["weekday as text", { kind: "monthly", nth: 1, weekday: "2" }],
    ["every 0 weeks", { kind: "weekly", intervalWeeks: 0 }],
    ["every 9 weeks", { kind: "weekly", intervalWeeks: 9 }],
    ["every 1.5 weeks", { kind: "weekly", intervalWeeks: 1.5 }],
    ["a weekday on a weekly rule", { kind: "weekly", intervalWeeks: 2, weekday: 2 }],
    ["an unknown kind", { kind: "daily" }],
  ])("refuses %s", (_, value) => {
    expect(RecurrenceRuleSchema.safeParse(value).success).toBe(false);
  });

  it("refuses stored text that is not a rule", () => {
    expect(() => parseStoredRule('{"kind":"weekly"}')).toThrow();
  });
});

describe("londonInstant", () => {
  it("is 14:00Z in winter and 13:00Z in summer, either side of the last Sundays of March and October 2026", () => {
    expect(londonInstant("2026-03-28", "14:00")).toBe(utc("2026-03-28T14:00:00Z"));
    expect(londonInstant("2026-03-29", "14:00")).toBe(utc("2026-03-29T13:00:00Z"));
    expect(londonInstant("2026-10-24", "14:00")).toBe(utc("2026-10-24T13:00:00Z"));
    expect(londonInstant("2026-10-25", "14:00")).toBe(utc("2026-10-25T14:00:00Z"));
  });

  it("moves the non-existent 01:30 on the spring-forward day on to 02:30 BST", () => {
    expect(londonInstant("2026-03-29", "01:30")).toBe(utc("2026-03-29T01:30:00Z"));
    expect(londonClock(londonInstant("2026-03-29", "01:30"))).toBe("2026-03-29 02:30");
    expect(londonInstant("2026-03-29", "00:59")).toBe(utc("2026-03-29T00:59:00Z"));
    expect(londonInstant("2026-03-29", "02:00")).toBe(utc("2026-03-29T01:00:00Z"));
  });

  it("takes the first (BST) instant of the repeated hour in autumn", () => {
    expect(londonInstant("2026-10-25", "01:30")).toBe(utc("2026-10-25T00:30:00Z"));
    expect(londonInstant("2026-10-25", "00:30")).toBe(utc("2026-10-24T23:30:00Z"));
    expect(londonInstant("2026-10-25", "02:00")).toBe(utc("2026-10-25T02:00:00Z"));
  });

  it("refuses dates and times that are not real", () => {
    expect(() => londonInstant("2026-02-30", "14:00")).toThrow(RangeError);
    expect(() => londonInstant("2026-02-03", "24:00")).toThrow(RangeError);
    expect(() => londonInstant("2026-02-03", "2pm")).toThrow(RangeError);
  });

  describe("whatever the server's own time zone", () => {
    const original = process.env.TZ;
    afterEach(() => {
      if (original === undefined) delete process.env.TZ;
      else process.env.TZ = original;
    });

    it.each(["Pacific/Kiritimati", "America/Los_Angeles", "America/Sao_Paulo"])("gives the same series in %s", (zone) => {
      const expected = generateOccurrences(plan(), cohort2026);
      process.env.TZ = zone;
      expect(new Date(0).getTimezoneOffset()).not.toBe(0); // the zone really changed
      expect(generateOccurrences(plan(), cohort2026)).toEqual(expected);
      expect(londonInstant("2026-10-25", "01:30")).toBe(utc("2026-10-25T00:30:00Z"));
    });
  });
});

describe("generateOccurrences", () => {
  it("gives the second Tuesday of every month for a year", () => {
    const g = generateOccurrences(plan(), cohort2026);
    expect(dates(g)).toEqual([
      "2026-01-13", "2026-02-10", "2026-03-10", "2026-04-14", "2026-05-12", "2026-06-09",
      "2026-07-14", "2026-08-11", "2026-09-08", "2026-10-13", "2026-11-10", "2026-12-08",
    ]);
    expect(g.skippedMonths).toEqual([]);
    expect(g.occurrences.every((o) => o.bankHoliday === null)).toBe(true);
  });

  it("keeps 14:00 London across both clock changes: 14:00Z in winter, 13:00Z in summer", () => {
    const g = generateOccurrences(plan(), cohort2026);
    for (const o of g.occurrences) {
      expect(londonClock(o.startsAt)).toBe(`${o.date} 14:00`);
      expect(londonClock(o.endsAt)).toBe(`${o.date} 16:00`);
      expect(o.endsAt - o.startsAt).toBe(2 * HOUR);
      const summer = o.date > "2026-03-29" && o.date < "2026-10-25";
      expect(new Date(o.startsAt).getUTCHours()).toBe(summer ? 13 : 14);
    }
    const march = g.occurrences.find((o) => o.date === "2026-03-10")!;
    const april = g.occurrences.find((o) => o.date === "2026-04-14")!;
    const november = g.occurrences.find((o) => o.date === "2026-11-10")!;
    expect(march.startsAt).toBe(utc("2026-03-10T14:00:00Z"));
    expect(april.startsAt).toBe(utc("2026-04-14T13:00:00Z"));
    expect(november.startsAt).toBe(utc("2026-11-10T14:00:00Z"));
  });

  it("gives the last Friday of each month, marking Christmas Day", () => {
    const g = generateOccurrences(plan({ rule: { kind: "monthly", nth: -1, weekday: 5 } }), cohort2026);
    expect(dates(g)).toEqual([
      "2026-01-30", "2026-02-27", "2026-03-27", "2026-04-24", "2026-05-29", "2026-06-26",
      "2026-07-31", "2026-08-28", "2026-09-25", "2026-10-30", "2026-11-27", "2026-12-25",
    ]);
    expect(g.occurrences.at(-1)!.bankHoliday).toBe("Christmas Day");
    expect(g.occurrences.filter((o) => o.bankHoliday !== null)).toHaveLength(1);
  });

  it("gives the fifth Wednesday only in months that have one, and reports the months skipped", () => {
    const g = generateOccurrences(plan({ rule: { kind: "monthly", nth: 5, weekday: 3 } }), cohort2026);
    expect(dates(g)).toEqual(["2026-04-29", "2026-07-29", "2026-09-30", "2026-12-30"]);
    expect(g.skippedMonths).toEqual(["2026-01", "2026-02", "2026-03", "2026-05", "2026-06", "2026-08", "2026-10", "2026-11"]);
  });

  it("does not report a last month the series ends before the 29th of", () => {
    const g = generateOccurrences(plan({ rule: { kind: "monthly", nth: 5, weekday: 3 }, until: { kind: "date", date: "2026-06-20" } }), cohort2026);
    expect(dates(g)).toEqual(["2026-04-29"]);
    expect(g.skippedMonths).toEqual(["2026-01", "2026-02", "2026-03", "2026-05"]);
  });

  it("counts only real meetings towards a count, not skipped months", () => {
    const g = generateOccurrences(plan({ rule: { kind: "monthly", nth: 5, weekday: 3 }, until: { kind: "count", count: 2 } }), cohort2026);
    expect(dates(g)).toEqual(["2026-04-29", "2026-07-29"]);
    expect(g.skippedMonths).toEqual(["2026-01", "2026-02", "2026-03", "2026-05", "2026-06"]);
  });

  it("gives every 4 weeks from the first date, on its weekday, to the term end", () => {
    const g = generateOccurrences(plan({ rule: { kind: "weekly", intervalWeeks: 4 }, firstDate: "2026-09-08" }), cohort2026to27);
    expect(dates(g)).toEqual([
      "2026-09-08", "2026-10-06", "2026-11-03", "2026-12-01", "2026-12-29", "2027-01-26",
      "2027-02-23", "2027-03-23", "2027-04-20", "2027-05-18", "2027-06-15", "2027-07-13",
    ]);
    for (const o of g.occurrences) expect(londonClock(o.startsAt)).toBe(`${o.date} 14:00`);
  });

  it("starts a monthly series in the next month when this month's date is before the first date", () => {
    const g = generateOccurrences(plan({ firstDate: "2026-09-09", until: { kind: "count", count: 2 } }), cohort2026to27);
    expect(dates(g)).toEqual(["2026-10-13", "2026-11-10"]);
  });

  it("includes a meeting on the first date and on the term end itself, and none after", () => {
    const g = generateOccurrences(plan({ firstDate: "2026-09-08" }), { ...cohort2026to27, termEnd: "2027-07-13" });
    expect(dates(g)[0]).toBe("2026-09-08");
    expect(dates(g).at(-1)).toBe("2027-07-13");
    const shorter = generateOccurrences(plan({ firstDate: "2026-09-08" }), { ...cohort2026to27, termEnd: "2027-07-12" });
    expect(dates(shorter).at(-1)).toBe("2027-06-08");
  });

  it("stops at an until date, counting it in", () => {
    const g = generateOccurrences(plan({ firstDate: "2026-09-01", until: { kind: "date", date: "2026-12-08" } }), cohort2026to27);
    expect(dates(g)).toEqual(["2026-09-08", "2026-10-13", "2026-11-10", "2026-12-08"]);
  });

  it("gives exactly `count` meetings", () => {
    const g = generateOccurrences(plan({ firstDate: "2026-09-01", until: { kind: "count", count: 3 } }), cohort2026to27);
    expect(dates(g)).toEqual(["2026-09-08", "2026-10-13", "2026-11-10"]);
  });

  it("never goes beyond the term end, even for a larger count or a later until date", () => {
    const counted = generateOccurrences(plan({ firstDate: "2026-09-01", until: { kind: "count", count: 24 } }), cohort2026to27);
    expect(dates(counted)).toHaveLength(11);
    expect(dates(counted).at(-1)).toBe("2027-07-13");
    const dated = generateOccurrences(plan({ firstDate: "2026-09-01", until: { kind: "date", date: "2027-12-31" } }), cohort2026to27);
    expect(dates(dated).at(-1)).toBe("2027-07-13");
  });

  it("gives no meeting before the term starts", () => {
    const g = generateOccurrences(plan({ rule: { kind: "weekly", intervalWeeks: 1 }, firstDate: "2026-08-18" }), cohort2026to27);
    expect(dates(g).slice(0, 2)).toEqual(["2026-09-01", "2026-09-08"]);
  });

  it("stops at 60 meetings", () => {
    const g = generateOccurrences(plan({ rule: { kind: "weekly", intervalWeeks: 1 } }), { ...cohort2026, termEnd: "2028-12-31" });
    expect(g.occurrences).toHaveLength(60);
    expect(dates(g).at(-1)).toBe("2027-02-18");
  });

  it("marks meetings on bank holidays with the holiday's name", () => {
    const g = generateOccurrences(plan({ rule: { kind: "monthly", nth: 1, weekday: 1 }, until: { kind: "count", count: 5 } }), cohort2026);
    expect(g.occurrences.find((o) => o.date === "2026-05-04")!.bankHoliday).toBe("Early May bank holiday");
    expect(g.occurrences.find((o) => o.date === "2026-04-06")!.bankHoliday).toBe("Easter Monday");
    expect(g.occurrences.find((o) => o.date === "2026-03-02")!.bankHoliday).toBeNull();
  });

  it("puts a weekly Sunday 01:30 meeting at 02:30 BST on the spring-forward day", () => {
    const g = generateOccurrences(
      plan({ rule: { kind: "weekly", intervalWeeks: 1 }, firstDate: "2026-03-22", startTime: "01:30", durationMinutes: 60, until: { kind: "count", count: 3 } }),
      cohort2026,
    );
    expect(g.occurrences.map((o) => londonClock(o.startsAt))).toEqual(["2026-03-22 01:30", "2026-03-29 02:30", "2026-04-05 01:30"]);
  });

  it("refuses a rule that is not valid rather than loop", () => {
    expect(() => generateOccurrences(plan({ rule: { kind: "weekly", intervalWeeks: 0 } }), cohort2026)).toThrow(RangeError);
  });
});

describe("firstMeetingDate", () => {
  it("is the first date for weekly, and the first matching day on or after it for monthly", () => {
    expect(firstMeetingDate({ kind: "weekly", intervalWeeks: 2 }, "2026-09-03")).toBe("2026-09-03");
    expect(firstMeetingDate(secondTuesday, "2026-09-08")).toBe("2026-09-08");
    expect(firstMeetingDate(secondTuesday, "2026-09-09")).toBe("2026-10-13");
    expect(firstMeetingDate({ kind: "monthly", nth: 5, weekday: 3 }, "2026-01-01")).toBe("2026-04-29");
  });
});

describe("resolveBankHolidays", () => {
  const at = (date: string, time = "14:00", minutes = 120): Occurrence => {
    const startsAt = londonInstant(date, time);
    return { date, startsAt, endsAt: startsAt + minutes * 60_000, bankHoliday: BANK_HOLIDAYS.get(date) ?? null };
  };

  it("moves a Monday bank holiday to the Tuesday at the same London time", () => {
    const out = resolveBankHolidays([at("2026-04-13"), at("2026-05-04"), at("2026-06-01")], { "2026-05-04": "move" }, BANK_HOLIDAYS);
    expect(out.map((o) => o.date)).toEqual(["2026-04-13", "2026-05-05", "2026-06-01"]);
    expect(out[1]).toEqual({ date: "2026-05-05", startsAt: utc("2026-05-05T13:00:00Z"), endsAt: utc("2026-05-05T15:00:00Z"), bankHoliday: null });
  });

  it("moves Good Friday to the Tuesday, since Easter Monday is a bank holiday too", () => {
    const out = resolveBankHolidays([at("2026-04-03", "09:30", 90)], { "2026-04-03": "move" }, BANK_HOLIDAYS);
    expect(out).toEqual([{ date: "2026-04-07", startsAt: utc("2026-04-07T08:30:00Z"), endsAt: utc("2026-04-07T10:00:00Z"), bankHoliday: null }]);
  });

  it("keeps the wall-clock time when the move crosses a clock change", () => {
    // Good Friday 2027 is in GMT; the Tuesday after Easter is in BST.
    const [moved] = resolveBankHolidays([at("2027-03-26")], { "2027-03-26": "move" }, BANK_HOLIDAYS);
    expect(at("2027-03-26").startsAt).toBe(utc("2027-03-26T14:00:00Z"));
    expect(moved.date).toBe("2027-03-30");
    expect(moved.startsAt).toBe(utc("2027-03-30T13:00:00Z"));
    expect(londonClock(moved.startsAt)).toBe("2027-03-30 14:00");
  });

  it("drops a skipped meeting", () => {
    const out = resolveBankHolidays([at("2026-05-04"), at("2026-06-01")], { "2026-05-04": "skip" }, BANK_HOLIDAYS);
    expect(out.map((o) => o.date)).toEqual(["2026-06-01"]);
  });

  it("keeps a bank holiday meeting with no choice as it is", () => {
    const input = [at("2026-05-04"), at("2026-06-01")];
    expect(resolveBankHolidays(input, {}, BANK_HOLIDAYS)).toEqual(input);
    expect(bankHolidaysNeedingChoice(input, {})).toEqual([input[0]]);
    expect(bankHolidaysNeedingChoice(input, { "2026-05-04": "skip" })).toEqual([]);
  });

  it("ignores a choice for a day that is not a bank holiday", () => {
    const input = [at("2026-05-05")];
    expect(resolveBankHolidays(input, { "2026-05-05": "skip" }, BANK_HOLIDAYS)).toEqual(input);
  });

  it("drops a moved meeting that lands on a day that already has one", () => {
    const out = resolveBankHolidays([at("2026-04-03"), at("2026-04-07")], { "2026-04-03": "move" }, BANK_HOLIDAYS);
    expect(out.map((o) => o.date)).toEqual(["2026-04-07"]);
  });

  it("drops a moved meeting that would land after the term end, when given", () => {
    const input = [at("2026-12-25")];
    expect(resolveBankHolidays(input, { "2026-12-25": "move" }, BANK_HOLIDAYS, { termEnd: "2026-12-28" })).toEqual([]);
    expect(resolveBankHolidays(input, { "2026-12-25": "move" }, BANK_HOLIDAYS).map((o) => o.date)).toEqual(["2026-12-29"]);
  });
});

describe("checkPlan", () => {
  const ctx = { now: utc("2026-06-01T09:00:00Z"), termStart: "2026-09-01", termEnd: "2027-07-31" };
  const good = plan({ firstDate: "2026-09-01" });
  const problems = (over: Partial<SeriesPlan>, c: Partial<typeof ctx> = {}) => checkPlan({ ...good, ...over }, { ...ctx, ...c });

  it("accepts a good plan", () => {
    expect(checkPlan(good, ctx)).toEqual([]);
    expect(problems({ until: { kind: "count", count: 11 } })).toEqual([]);
    expect(problems({ until: { kind: "date", date: "2027-07-31" } })).toEqual([]);
    expect(problems({ durationMinutes: 30 })).toEqual([]);
    expect(problems({ durationMinutes: 480 })).toEqual([]);
    expect(problems({ startTime: "22:30", durationMinutes: 90 })).toEqual([]); // ends at midnight exactly
  });

  it("refuses a first date in the past", () => {
    expect(problems({ firstDate: "2026-05-31" }, { termStart: "2026-05-01" })).toEqual([
      { field: "firstDate", message: "The first date is in the past. Choose today or a later date." },
    ]);
  });

  it("refuses a first meeting today that has already started, by comparing instants", () => {
    const weekly = { rule: { kind: "weekly", intervalWeeks: 4 } as const, firstDate: "2026-06-01" };
    // 09:00Z is 10:00 BST: a 09:30 meeting today has started, an 11:00 one has not.
    expect(problems({ ...weekly, startTime: "09:30" }, { termStart: "2026-05-01" })).toEqual([
      { field: "firstDate", message: "The first meeting, on 1 June 2026 at 09:30, would already have started. Choose a later date or time." },
    ]);
    expect(problems({ ...weekly, startTime: "11:00" }, { termStart: "2026-05-01" })).toEqual([]);
    // Monthly from today: the first meeting is the second Tuesday, next week.
    expect(problems({ firstDate: "2026-06-01", startTime: "09:30" }, { termStart: "2026-05-01" })).toEqual([]);
  });

  it("refuses a first date outside the cohort's term", () => {
    expect(problems({ firstDate: "2026-08-31" })).toEqual([
      { field: "firstDate", message: "The first meeting can't be before the cohort's term starts on 1 September 2026." },
    ]);
    expect(problems({ firstDate: "2027-08-01" })).toEqual([
      { field: "firstDate", message: "The first meeting can't be after the cohort's term ends on 31 July 2027." },
    ]);
  });

  it("refuses a first date that is not a real date", () => {
    expect(problems({ firstDate: "2026-09-31" })).toEqual([{ field: "firstDate", message: "Enter a real date for the first meeting." }]);
  });

  it("refuses an end date before the first date or after the term end", () => {
    expect(problems({ firstDate: "2026-10-01", until: { kind: "date", date: "2026-09-30" } })).toEqual([
      { field: "until", message: "The end date can't be before the first meeting date." },
    ]);
    expect(problems({ until: { kind: "date", date: "2027-08-01" } })).toEqual([
      { field: "until", message: "The end date can't be after the cohort's term ends on 31 July 2027." },
    ]);
    expect(problems({ until: { kind: "date", date: "2027-02-29" } })).toEqual([
      { field: "until", message: "Enter a real date for the end of the series." },
    ]);
  });

  it("refuses an end date that leaves no meetings", () => {
    expect(problems({ firstDate: "2026-09-09", until: { kind: "date", date: "2026-10-12" } })).toEqual([
      { field: "until", message: "No meetings fall between the first date and the end date. Choose a later end date or an earlier first date." },
    ]);
  });

  it("refuses a count under 1, over 24 or not whole", () => {
    expect(problems({ until: { kind: "count", count: 0 } })).toEqual([{ field: "until", message: "The series needs at least 1 meeting." }]);
    expect(problems({ until: { kind: "count", count: 25 } })).toEqual([{ field: "until", message: "A series can have at most 24 meetings." }]);
    expect(problems({ until: { kind: "count", count: 2.5 } })).toEqual([
      { field: "until", message: "Enter the number of meetings as a whole number." },
    ]);
    expect(problems({ until: { kind: "count", count: 24 } })).not.toEqual([]); // only 11 fit: see below
  });

  it("refuses a count that does not fit in the term", () => {
    expect(problems({ until: { kind: "count", count: 12 } })).toEqual([
      { field: "until", message: "Only 11 of the 12 meetings fit before the cohort's term ends on 31 July 2027. Choose fewer meetings." },
    ]);
  });

  it("refuses an unknown end", () => {
    expect(problems({ until: { kind: "forever" } as unknown as SeriesPlan["until"] })).toEqual([
      { field: "until", message: "Choose when the series ends." },
    ]);
  });

  it("refuses a duration under 30 minutes, over 8 hours or not whole", () => {
    expect(problems({ durationMinutes: 29 })).toEqual([{ field: "durationMinutes", message: "Each meeting must last at least 30 minutes." }]);
    expect(problems({ durationMinutes: 481 })).toEqual([
      { field: "durationMinutes", message: "Each meeting can last at most 8 hours (480 minutes)." },
    ]);
    expect(problems({ durationMinutes: 90.5 })).toEqual([
      { field: "durationMinutes", message: "Enter how long each meeting lasts, in whole minutes." },
    ]);
  });

  it("refuses a meeting that would end after midnight", () => {
    expect(problems({ startTime: "23:00", durationMinutes: 90 })).toEqual([
      {
        field: "durationMinutes",
        message: "A meeting starting at 23:00 for 90 minutes would finish after midnight. Choose an earlier start time or a shorter meeting.",
      },
    ]);
  });

  it.each(["2pm", "14.00", "24:00", "14:60", "9:00", ""])("refuses the start time %j", (startTime) => {
    expect(problems({ startTime })).toEqual([{ field: "startTime", message: "Enter the start time on the 24-hour clock, like 14:00." }]);
  });

  it("refuses a rule that is not valid", () => {
    expect(problems({ rule: { kind: "weekly", intervalWeeks: 9 } })).toEqual([
      { field: "rule", message: "Choose how often the meetings repeat: every 1 to 8 weeks." },
    ]);
    expect(problems({ rule: { kind: "monthly", nth: 0, weekday: 2 } as unknown as RecurrenceRule })).toEqual([
      { field: "rule", message: "Choose which week and which day of the month the meetings are on." },
    ]);
  });

  it("reports every field that is wrong, once each", () => {
    const out = problems({ startTime: "25:00", durationMinutes: 10, firstDate: "2026-08-01", until: { kind: "count", count: 0 } });
    expect(out.map((p) => p.field)).toEqual(["startTime", "durationMinutes", "firstDate", "until"]);
  });
});

describe("describeRule", () => {
  it.each([
    [secondTuesday, "14:00", 120, undefined, "Second Tuesday of each month, 14:00 to 16:00"],
    [{ kind: "monthly", nth: -1, weekday: 5 }, "09:30", 90, undefined, "Last Friday of each month, 09:30 to 11:00"],
    [{ kind: "monthly", nth: 1, weekday: 1 }, "13:00", 45, undefined, "First Monday of each month, 13:00 to 13:45"],
    [{ kind: "monthly", nth: 5, weekday: 3 }, "14:00", 120, undefined, "Fifth Wednesday of each month that has one, 14:00 to 16:00"],
    [{ kind: "weekly", intervalWeeks: 4 }, "14:00", 120, "2026-09-08", "Every 4 weeks on Tuesday, 14:00 to 16:00"],
    [{ kind: "weekly", intervalWeeks: 1 }, "18:00", 60, "2026-09-10", "Every week on Thursday, 18:00 to 19:00"],
    [{ kind: "weekly", intervalWeeks: 2 }, "14:00", 120, undefined, "Every 2 weeks, 14:00 to 16:00"],
  ] as const)("%j at %s for %i minutes", (rule, time, minutes, firstDate, words) => {
    expect(describeRule(rule as RecurrenceRule, time, minutes, firstDate)).toBe(words);
  });
});
