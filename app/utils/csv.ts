/**
 * CSV for spreadsheets (RFC 4180): every cell quoted, CRLF line ends, and a
 * leading BOM so Excel reads UTF-8. A cell that starts with = + - @ (or a tab
 * or carriage return) gets a leading apostrophe, so a spreadsheet never runs
 * typed text as a formula (OWASP "CSV injection").
 */
export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return `"${s.replace(/"/g, '""')}"`;
}

export function toCsv(header: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | null | undefined>>): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(csvCell).join(",")).join("\r\n")}\r\n`;
}
