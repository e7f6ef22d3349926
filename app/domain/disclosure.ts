/**
 * NHS Digital-style disclosure control for any count shown outside a set
 * (trust.md): 0 stays 0, 1–7 becomes "<8", anything else is rounded to the
 * nearest 5. Totals are computed from unrounded data and then rounded too.
 */
export const SMALL_NUMBER_THRESHOLD = 8;

export type Disclosed = { kind: "zero" } | { kind: "suppressed" } | { kind: "rounded"; value: number };

export function discloseCount(count: number): Disclosed {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`Not a count: ${count}`);
  if (count === 0) return { kind: "zero" };
  if (count < SMALL_NUMBER_THRESHOLD) return { kind: "suppressed" };
  return { kind: "rounded", value: Math.round(count / 5) * 5 };
}

export function formatDisclosed(d: Disclosed): string {
  if (d.kind === "zero") return "0";
  if (d.kind === "suppressed") return `<${SMALL_NUMBER_THRESHOLD}`;
  return d.value.toLocaleString("en-GB");
}

export const showCount = (count: number) => formatDisclosed(discloseCount(count));
