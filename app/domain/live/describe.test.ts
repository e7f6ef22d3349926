import { describe, expect, it } from "vitest";
import { timerWarning } from "./describe";

describe("timerWarning", () => {
  it("announces crossing one minute left once", () => {
    expect(timerWarning(61_000, 60_000)).toBe("1 minute left");
    expect(timerWarning(60_500, 59_400)).toBe("1 minute left");
    expect(timerWarning(60_000, 59_000)).toBeNull(); // already at or under a minute
    expect(timerWarning(120_000, 119_000)).toBeNull();
  });
  it("announces reaching zero once", () => {
    expect(timerWarning(800, -200)).toBe("Time is up");
    expect(timerWarning(1_000, 0)).toBe("Time is up");
    expect(timerWarning(0, -1_000)).toBeNull();
    expect(timerWarning(-1_000, -2_000)).toBeNull();
  });
  it("says time is up, not one minute left, when a redraw jumps past both", () => {
    expect(timerWarning(65_000, -100)).toBe("Time is up");
  });
  it("says nothing on the first redraw of a deadline (joining late, or a new deadline)", () => {
    expect(timerWarning(null, 30_000)).toBeNull();
    expect(timerWarning(null, -5_000)).toBeNull();
  });
});
