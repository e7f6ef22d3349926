import { describe, expect, it } from "vitest";
import data from "./data/bank-holidays-england-and-wales.json";
import {
  BANK_HOLIDAY_YEARS,
  BANK_HOLIDAYS,
  computedBankHolidays,
  easterSunday,
  isIsoDate,
  isWorkingDay,
  nextWorkingDay,
} from "./bank-holidays";

const fromFile = (year: number) =>
  [...BANK_HOLIDAYS].filter(([date]) => date.startsWith(`${year}-`)).map(([date, name]) => ({ date, name }));

describe("the bank holiday data file", () => {
  it("covers 2025 to 2030, each year either GOV.UK's list or computed", () => {
    expect(BANK_HOLIDAY_YEARS.first).toBeLessThanOrEqual(2025);
    expect(BANK_HOLIDAY_YEARS.last).toBeGreaterThanOrEqual(2030);
    const years = [...BANK_HOLIDAY_YEARS.published, ...BANK_HOLIDAY_YEARS.computed].sort();
    expect(years).toEqual([...new Set(years)]); // no year both published and computed
    for (let y = BANK_HOLIDAY_YEARS.first; y <= BANK_HOLIDAY_YEARS.last; y++) {
      expect(years).toContain(y);
      expect(fromFile(y).length).toBeGreaterThanOrEqual(8);
    }
    expect(BANK_HOLIDAY_YEARS.published).toEqual(expect.arrayContaining([2025, 2026]));
  });

  // 2025–2030 have no one-off holidays, so the file must match the pattern
  // exactly: a typo in the file, or in the computus, fails here.
  it.each([2025, 2026, 2027, 2028, 2029, 2030])("matches the standard pattern for %i", (year) => {
    expect(fromFile(year)).toEqual(computedBankHolidays(year));
  });

  it("holds only real dates, each once, none at a weekend, in date order", () => {
    const dates = data.map((e) => e.date);
    expect(dates).toEqual([...dates].sort());
    expect(new Set(dates).size).toBe(dates.length);
    for (const date of dates) {
      expect(isIsoDate(date)).toBe(true);
      expect([0, 6]).not.toContain(new Date(`${date}T12:00:00Z`).getUTCDay());
    }
  });

  it("knows 2026's dates by name, including the substitute Boxing Day", () => {
    expect(BANK_HOLIDAYS.get("2026-05-04")).toBe("Early May bank holiday"); // the first Monday in May
    expect(new Date("2026-05-04T12:00:00Z").getUTCDay()).toBe(1);
    expect(BANK_HOLIDAYS.get("2026-04-03")).toBe("Good Friday");
    expect(BANK_HOLIDAYS.get("2026-04-06")).toBe("Easter Monday");
    expect(BANK_HOLIDAYS.get("2026-05-25")).toBe("Spring bank holiday");
    expect(BANK_HOLIDAYS.get("2026-08-31")).toBe("Summer bank holiday");
    expect(BANK_HOLIDAYS.get("2026-12-25")).toBe("Christmas Day");
    expect(BANK_HOLIDAYS.get("2026-12-28")).toBe("Boxing Day (substitute day)");
    expect(BANK_HOLIDAYS.has("2026-12-26")).toBe(false); // a Saturday
    expect(BANK_HOLIDAYS.get("2025-01-01")).toBe("New Year\u2019s Day");
  });
});

describe("easterSunday", () => {
  it.each([
    [2019, "2019-04-21"],
    [2024, "2024-03-31"],
    [2025, "2025-04-20"],
    [2026, "2026-04-05"],
    [2027, "2027-03-28"],
    [2028, "2028-04-16"],
    [2038, "2038-04-25"],
    [2285, "2285-03-22"], // the earliest possible date
  ])("%i: %s", (year, date) => {
    expect(easterSunday(year)).toBe(date);
  });
});

describe("computedBankHolidays", () => {
  it("gives GOV.UK's published 2024 list", () => {
    expect(computedBankHolidays(2024)).toEqual([
      { date: "2024-01-01", name: "New Year\u2019s Day" },
      { date: "2024-03-29", name: "Good Friday" },
      { date: "2024-04-01", name: "Easter Monday" },
      { date: "2024-05-06", name: "Early May bank holiday" },
      { date: "2024-05-27", name: "Spring bank holiday" },
      { date: "2024-08-26", name: "Summer bank holiday" },
      { date: "2024-12-25", name: "Christmas Day" },
      { date: "2024-12-26", name: "Boxing Day" },
    ]);
  });

  it("moves Christmas on a Saturday to Monday and Boxing Day to Tuesday (2027)", () => {
    const dec = computedBankHolidays(2027).filter((h) => h.date.startsWith("2027-12"));
    expect(dec).toEqual([
      { date: "2027-12-27", name: "Christmas Day (substitute day)" },
      { date: "2027-12-28", name: "Boxing Day (substitute day)" },
    ]);
  });

  it("keeps Boxing Day on Monday and moves Christmas on a Sunday to Tuesday (2022)", () => {
    const dec = computedBankHolidays(2022).filter((h) => h.date.startsWith("2022-12"));
    expect(dec).toEqual([
      { date: "2022-12-26", name: "Boxing Day" },
      { date: "2022-12-27", name: "Christmas Day (substitute day)" },
    ]);
  });

  it("moves New Year's Day on a Saturday to Monday 3rd (2028) and on a Sunday to Monday 2nd (2023)", () => {
    expect(computedBankHolidays(2028)[0]).toEqual({ date: "2028-01-03", name: "New Year\u2019s Day (substitute day)" });
    expect(computedBankHolidays(2023)[0]).toEqual({ date: "2023-01-02", name: "New Year\u2019s Day (substitute day)" });
  });

  it("has early May on the 1st when the 1st is a Monday (2028)", () => {
    expect(computedBankHolidays(2028)).toContainEqual({ date: "2028-05-01", name: "Early May bank holiday" });
  });

  it("refuses a year it cannot compute", () => {
    expect(() => computedBankHolidays(2026.5)).toThrow(RangeError);
  });
});

describe("working days", () => {
  it("are weekdays that are not bank holidays", () => {
    expect(isWorkingDay("2026-05-05")).toBe(true);
    expect(isWorkingDay("2026-05-04")).toBe(false); // bank holiday
    expect(isWorkingDay("2026-05-09")).toBe(false); // Saturday
    expect(isWorkingDay("2026-05-10")).toBe(false); // Sunday
  });

  it("use the map given, when one is given", () => {
    expect(isWorkingDay("2026-05-04", new Map())).toBe(true);
    expect(isWorkingDay("2026-05-05", new Map([["2026-05-05", "A one-off holiday"]]))).toBe(false);
  });

  it("next working day is strictly after, past weekends and bank holidays", () => {
    expect(nextWorkingDay("2026-05-05")).toBe("2026-05-06");
    expect(nextWorkingDay("2026-05-08")).toBe("2026-05-11"); // Friday -> Monday
    expect(nextWorkingDay("2026-05-04")).toBe("2026-05-05"); // bank holiday Monday -> Tuesday
    expect(nextWorkingDay("2026-04-03")).toBe("2026-04-07"); // Good Friday -> Tuesday after Easter Monday
    expect(nextWorkingDay("2026-12-24")).toBe("2026-12-29"); // Christmas, weekend, substitute Boxing Day
    expect(nextWorkingDay("2026-05-04", new Map())).toBe("2026-05-05");
    expect(nextWorkingDay("2026-12-24", new Map())).toBe("2026-12-25");
  });
});
