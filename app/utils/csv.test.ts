import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./csv";

describe("csv", () => {
  it("quotes every cell and doubles quotes", () => {
    expect(csvCell('He said "no", then left')).toBe('"He said ""no"", then left"');
    expect(csvCell(null)).toBe('""');
    expect(csvCell(12)).toBe('"12"');
  });
  it("keeps line breaks inside a quoted cell", () => {
    expect(csvCell("line one\nline two")).toBe('"line one\nline two"');
  });
  it("defuses cells a spreadsheet would run as formulas", () => {
    for (const s of ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx"]) expect(csvCell(s).startsWith(`"'`)).toBe(true);
    expect(csvCell("a=b")).toBe('"a=b"');
  });
  it("writes a BOM, a header and CRLF rows", () => {
    expect(toCsv(["a", "b"], [["1", "2"]])).toBe('\uFEFF"a","b"\r\n"1","2"\r\n');
  });
});
