import { describe, expect, it } from "vitest";
import { discloseCount, showCount } from "./disclosure";

describe("disclosure control", () => {
  it.each([
    [0, "0"],
    [1, "<8"],
    [7, "<8"],
    [8, "10"],
    [12, "10"],
    [13, "15"],
    [22, "20"],
    [23, "25"],
    [1002, "1,000"],
  ])("shows %i as %s", (n, shown) => {
    expect(showCount(n)).toBe(shown);
  });

  it("refuses what is not a count", () => {
    expect(() => discloseCount(-1)).toThrow(RangeError);
    expect(() => discloseCount(2.5)).toThrow(RangeError);
  });
});
