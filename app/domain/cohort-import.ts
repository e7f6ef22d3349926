/**
 * Checking a CSV of people to add to a cohort, before anything is written.
 * Pure: it takes the file's text and what the database knows (as plain data)
 * and returns either every row ready to import or every row that is wrong,
 * each with its CSV line number (the header is line 1), so the admin can fix
 * the whole file in one go. Nothing is imported unless every row is good.
 */
import { parse } from "csv-parse/sync";
import { z } from "zod";
import { PROFESSIONS, type Profession, type UserStatus } from "~db/enums";
import { PROFESSION_LABELS } from "./labels";

export const MAX_IMPORT_ROWS = 200;
export const IMPORT_COLUMNS = ["name", "email", "organisation", "profession"] as const;
type Column = (typeof IMPORT_COLUMNS)[number];

const MAX_NAME = 120;
const MAX_EMAIL = 254;

/** One data row as typed in the file, with the line it starts on. */
export type CsvRecord = { line: number; name: string; email: string; organisation: string; profession: string; cells: number };

export type ReadResult = { ok: true; records: CsvRecord[] } | { ok: false; message: string };

/** Lower case, single spaces: how names, codes and headers are compared. */
const fold = (s: string) => s.trim().replace(/\s+/g, " ").toLowerCase();
export const normaliseImportEmail = (email: string) => email.trim().toLowerCase();

/** Reads the file into records; a problem with the file as a whole is one message. */
export function readCohortCsv(text: string): ReadResult {
  const body = text.replace(/^\uFEFF/, "");
  if (body.includes("\uFFFD")) {
    return { ok: false, message: "The file has characters that could not be read. Save it as \"CSV UTF-8\" and upload it again." };
  }
  if (!body.trim()) return { ok: false, message: "The selected file is empty" };
  let parsed: Array<{ record: string[]; info: { lines: number } }>;
  try {
    parsed = parse(body, {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
    }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  } catch (error) {
    const line = typeof (error as { lines?: unknown }).lines === "number" ? (error as { lines: number }).lines : null;
    return {
      ok: false,
      message: `The file could not be read as CSV${line ? ` (check line ${line}, for example for a quote mark that is not closed)` : ""}. Save it from your spreadsheet as CSV and try again.`,
    };
  }
  if (parsed.length === 0) return { ok: false, message: "The selected file is empty" };

  const [header, ...rows] = parsed;
  const headers = header.record.map(fold);
  const missing = IMPORT_COLUMNS.filter((c) => !headers.includes(c));
  const unexpected = headers.filter((h) => !(IMPORT_COLUMNS as readonly string[]).includes(h));
  const repeated = IMPORT_COLUMNS.filter((c) => headers.filter((h) => h === c).length > 1);
  if (missing.length || unexpected.length || repeated.length) {
    const parts = [
      missing.length ? `missing ${listOf(missing)}` : null,
      unexpected.length ? `not expected ${listOf(unexpected.map((h) => `"${h || "(blank)"}"`))}` : null,
      repeated.length ? `more than once ${listOf(repeated)}` : null,
    ].filter(Boolean);
    return {
      ok: false,
      message: `The first row must be the column headings name, email, organisation and profession (in any order). This file has ${parts.join("; ")}.`,
    };
  }
  if (rows.length === 0) return { ok: false, message: "The file has column headings but no people. Add one row for each person." };
  if (rows.length > MAX_IMPORT_ROWS) {
    return { ok: false, message: `The file has ${rows.length} people. Import at most ${MAX_IMPORT_ROWS} at a time: split it into smaller files.` };
  }

  const index = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c, headers.indexOf(c)])) as Record<Column, number>;
  const records = rows.map(({ record, info }) => {
    // csv-parse reports the line a record ends on; a quoted cell may span lines.
    const innerBreaks = record.reduce((n, cell) => n + (cell.match(/\n/g)?.length ?? 0), 0);
    return {
      line: info.lines - innerBreaks,
      name: record[index.name] ?? "",
      email: record[index.email] ?? "",
      organisation: record[index.organisation] ?? "",
      profession: record[index.profession] ?? "",
      cells: record.length,
    };
  });
  return { ok: true, records };
}

function listOf(items: readonly string[]) {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/** Codes, the words shown in the app, and a few everyday names for them. */
const PROFESSION_WORDS: Record<string, Profession> = (() => {
  const words: Record<string, Profession> = {};
  for (const code of PROFESSIONS) {
    words[code] = code;
    words[fold(PROFESSION_LABELS[code])] = code;
  }
  Object.assign(words, {
    "general practitioner": "gp",
    "allied health professionals": "ahp",
    "allied health profession": "ahp",
    "allied health": "ahp",
    "registered nurse": "nurse",
    "medical doctor": "doctor",
    "clinical psychologist": "psychologist",
  } satisfies Record<string, Profession>);
  return words;
})();

export function matchProfession(value: string): Profession | null {
  return PROFESSION_WORDS[fold(value)] ?? null;
}

export type ImportOrganisation = { id: string; name: string; odsCode: string | null };
export type ImportPerson = { id: string; email: string; status: UserStatus };

export type ImportLookups = {
  organisations: readonly ImportOrganisation[];
  /** People already in the app whose email may appear in the file (any casing). */
  people: readonly ImportPerson[];
  /** People who are members of this cohort now. */
  currentMemberIds: readonly string[];
  /** This cohort's facilitator and co-facilitator. */
  facilitatorIds: readonly string[];
};

export type ImportRow = {
  line: number;
  name: string;
  email: string;
  organisationId: string;
  profession: Profession;
  /** Set when the email belongs to someone already in the app. */
  existingPersonId: string | null;
};

export type RowProblem = { line: number; name: string; email: string; reasons: string[] };

export type ImportCheck = { ok: true; rows: ImportRow[] } | { ok: false; problems: RowProblem[] };

const emailFormat = z.email();

export function matchOrganisation(value: string, organisations: readonly ImportOrganisation[]) {
  const key = fold(value);
  return (
    organisations.find((o) => fold(o.name) === key) ??
    organisations.find((o) => o.odsCode !== null && fold(o.odsCode) === key) ??
    null
  );
}

/** Checks every record; returns all rows ready to import, or every row with its reasons. */
export function checkCohortImport(records: readonly CsvRecord[], lookups: ImportLookups): ImportCheck {
  const people = new Map(lookups.people.map((p) => [normaliseImportEmail(p.email), p]));
  const members = new Set(lookups.currentMemberIds);
  const facilitators = new Set(lookups.facilitatorIds);
  const firstLineOf = new Map<string, number>();
  const rows: ImportRow[] = [];
  const problems: RowProblem[] = [];

  for (const record of records) {
    const reasons: string[] = [];
    if (record.cells !== IMPORT_COLUMNS.length) {
      reasons.push(`The row has ${record.cells} ${record.cells === 1 ? "value" : "values"}; it should have ${IMPORT_COLUMNS.length}, one per column`);
    }

    if (!record.name) reasons.push("Name is missing");
    else if (record.name.length > MAX_NAME) reasons.push(`Name must be ${MAX_NAME} characters or fewer`);

    const email = normaliseImportEmail(record.email);
    let emailOk = false;
    if (!email) reasons.push("Email address is missing");
    else if (email.length > MAX_EMAIL || !emailFormat.safeParse(email).success) {
      reasons.push(`Email address "${record.email}" is not valid: it should look like name@nhs.net`);
    } else emailOk = true;

    const organisation = record.organisation ? matchOrganisation(record.organisation, lookups.organisations) : null;
    if (!record.organisation) reasons.push("Organisation is missing");
    else if (!organisation) {
      reasons.push(`Organisation "${record.organisation}" is not known: use its name or ODS code as shown on the Organisations page`);
    }

    const profession = record.profession ? matchProfession(record.profession) : null;
    if (!record.profession) reasons.push("Profession is missing");
    else if (!profession) {
      reasons.push(`Profession "${record.profession}" is not known: use one of ${PROFESSIONS.map((p) => PROFESSION_LABELS[p]).join(", ")}`);
    }

    let existing: ImportPerson | null = null;
    if (emailOk) {
      const earlier = firstLineOf.get(email);
      if (earlier !== undefined) reasons.push(`The same email address is on line ${earlier}`);
      else firstLineOf.set(email, record.line);
      existing = people.get(email) ?? null;
      if (existing) {
        if (facilitators.has(existing.id)) reasons.push("This person facilitates this cohort, so cannot be a member of it");
        else if (members.has(existing.id)) reasons.push("This person is already a member of this cohort");
        if (existing.status === "deactivated") reasons.push("This person's account is deactivated");
      }
    }

    if (reasons.length) {
      problems.push({ line: record.line, name: record.name, email: record.email, reasons });
    } else {
      rows.push({
        line: record.line,
        name: record.name,
        email: record.email.trim(),
        organisationId: organisation!.id,
        profession: profession!,
        existingPersonId: existing?.id ?? null,
      });
    }
  }
  return problems.length ? { ok: false, problems } : { ok: true, rows };
}
