import { describe, expect, it } from "vitest";
import { formatDay, formatInstant, londonMidnight } from "./dates";

describe("dates in Europe/London", () => {
  it("finds UK midnight in winter (GMT) and summer (BST)", () => {
    expect(new Date(londonMidnight("2026-01-15")).toISOString()).toBe("2026-01-15T00:00:00.000Z");
    expect(new Date(londonMidnight("2026-07-15")).toISOString()).toBe("2026-07-14T23:00:00.000Z");
    expect(new Date(londonMidnight("2026-07-15", 1)).toISOString()).toBe("2026-07-15T23:00:00.000Z");
    // The day the clocks go forward is 23 hours long.
    expect(londonMidnight("2026-03-29", 1) - londonMidnight("2026-03-29")).toBe(23 * 3600_000);
  });

  it("writes dates and times in words, in UK time", () => {
    expect(formatDay("2026-09-01")).toBe("1 September 2026");
    expect(formatInstant(Date.parse("2026-07-01T13:05:00Z"))).toBe("1 July 2026, 14:05");
    expect(formatInstant(Date.parse("2026-12-01T13:05:00Z"))).toBe("1 December 2026, 13:05");
  });
});
