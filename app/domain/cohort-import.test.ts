import { describe, expect, it } from "vitest";
import { checkCohortImport, matchProfession, MAX_IMPORT_ROWS, readCohortCsv, type ImportLookups } from "./cohort-import";

const lookups: ImportLookups = {
  organisations: [
    { id: "org-lth", name: "Lancashire Teaching Hospitals NHS Foundation Trust", odsCode: "RXN" },
    { id: "org-fylde", name: "Fylde Coast GP Federation (demo)", odsCode: null },
  ],
  people: [
    { id: "p-member", email: "Already.Member@example.com", status: "active" },
    { id: "p-gone", email: "gone@example.com", status: "deactivated" },
    { id: "p-fac", email: "runs.it@example.com", status: "active" },
    { id: "p-known", email: "known@example.com", status: "invited" },
  ],
  currentMemberIds: ["p-member"],
  facilitatorIds: ["p-fac"],
};

function check(text: string, with_: ImportLookups = lookups) {
  const read = readCohortCsv(text);
  if (!read.ok) throw new Error(`file refused: ${read.message}`);
  return checkCohortImport(read.records, with_);
}

function problemsOf(text: string) {
  const result = check(text);
  if (result.ok) throw new Error("expected problems");
  return result.problems;
}

const GOOD = [
  "name,email,organisation,profession",
  "Ada Lovelace,ada@example.com,Lancashire Teaching Hospitals NHS Foundation Trust,Nurse",
  "Ben Carter,ben@example.com,RXN,doctor",
].join("\n");

describe("reading the file", () => {
  it("accepts a good file and gives each row its CSV line number (header is line 1)", () => {
    const read = readCohortCsv(GOOD);
    expect(read.ok && read.records.map((r) => [r.line, r.name])).toEqual([
      [2, "Ada Lovelace"],
      [3, "Ben Carter"],
    ]);
  });

  it("tolerates a UTF-8 byte order mark and Windows line endings", () => {
    const read = readCohortCsv(`\uFEFF${GOOD.replace(/\n/g, "\r\n")}\r\n`);
    expect(read.ok).toBe(true);
    if (read.ok) {
      expect(read.records).toHaveLength(2);
      expect(read.records[1]).toMatchObject({ line: 3, email: "ben@example.com", profession: "doctor" });
    }
  });

  it("takes the columns in any order and headings in any case", () => {
    const read = readCohortCsv("Profession,EMAIL,Name, Organisation \nNurse,ada@example.com,Ada Lovelace,RXN\n");
    expect(read.ok && read.records[0]).toMatchObject({ name: "Ada Lovelace", email: "ada@example.com", organisation: "RXN", profession: "Nurse" });
  });

  it("keeps counting lines across blank lines and quoted cells that span lines", () => {
    const read = readCohortCsv('name,email,organisation,profession\n\nAda,ada@example.com,RXN,Nurse\n"Ben\nCarter",ben@example.com,RXN,Nurse\nCal,cal@example.com,RXN,Nurse\n');
    expect(read.ok && read.records.map((r) => r.line)).toEqual([3, 4, 6]);
  });

  it.each([
    ["an empty file", "", /empty/],
    ["a file of blank lines", "\n \n", /empty/],
    ["only a header", "name,email,organisation,profession\n", /no people/],
    ["a missing column", "name,email,organisation\nAda,ada@example.com,RXN\n", /missing profession/],
    ["an unexpected column", "name,email,organisation,profession,role\nAda,ada@example.com,RXN,Nurse,lead\n", /not expected "role"/],
    ["no header row at all", "Ada,ada@example.com,RXN,Nurse\n", /column headings/],
    ["a repeated column", "name,email,email,organisation,profession\n", /more than once email/],
    ["an unclosed quote", 'name,email,organisation,profession\n"Ada,ada@example.com,RXN,Nurse\n', /could not be read as CSV/],
    ["text that is not UTF-8", "name,email,organisation,profession\nZo\uFFFD,z@example.com,RXN,Nurse\n", /CSV UTF-8/],
  ])("refuses %s with a message about the file", (_what, text, message) => {
    const read = readCohortCsv(text);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toMatch(message);
  });

  it(`refuses more than ${MAX_IMPORT_ROWS} people, but takes exactly ${MAX_IMPORT_ROWS}`, () => {
    const rows = (n: number) =>
      ["name,email,organisation,profession", ...Array.from({ length: n }, (_, i) => `P ${i},p${i}@example.com,RXN,Nurse`)].join("\n");
    expect(readCohortCsv(rows(MAX_IMPORT_ROWS)).ok).toBe(true);
    const over = readCohortCsv(rows(MAX_IMPORT_ROWS + 1));
    expect(over.ok).toBe(false);
    if (!over.ok) expect(over.message).toMatch(/201 people/);
  });
});

describe("checking each row", () => {
  it("returns every row ready to import, matching organisations by name or ODS code in any case", () => {
    const result = check(
      [
        "name,email,organisation,profession",
        "Ada Lovelace, Ada@Example.com ,lancashire teaching hospitals nhs foundation trust,Nurse",
        "Ben Carter,ben@example.com,rxn,GP",
        "Cat Doyle,cat@example.com,Fylde Coast GP Federation (demo),allied health professional",
        "Known Person,KNOWN@example.com,RXN,AHP",
      ].join("\n"),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.rows).toEqual([
      { line: 2, name: "Ada Lovelace", email: "Ada@Example.com", organisationId: "org-lth", profession: "nurse", existingPersonId: null },
      { line: 3, name: "Ben Carter", email: "ben@example.com", organisationId: "org-lth", profession: "gp", existingPersonId: null },
      { line: 4, name: "Cat Doyle", email: "cat@example.com", organisationId: "org-fylde", profession: "ahp", existingPersonId: null },
      { line: 5, name: "Known Person", email: "KNOWN@example.com", organisationId: "org-lth", profession: "ahp", existingPersonId: "p-known" },
    ]);
  });

  it.each([
    ["Nurse", "nurse"],
    ["AHP", "ahp"],
    ["ahp", "ahp"],
    ["Allied health professional", "ahp"],
    ["allied  health  professionals", "ahp"],
    ["gp", "gp"],
    ["General Practitioner", "gp"],
    ["Doctor", "doctor"],
    ["PARAMEDIC", "paramedic"],
    ["Surgeon", null],
    ["", null],
  ])("reads the profession %j as %j", (typed, code) => {
    expect(matchProfession(typed)).toBe(code);
  });

  it.each([
    ["missing name", ",ada@example.com,RXN,Nurse", /Name is missing/],
    ["missing email", "Ada,,RXN,Nurse", /Email address is missing/],
    ["invalid email", "Ada,ada.example.com,RXN,Nurse", /Email address "ada.example.com" is not valid/],
    ["missing organisation", "Ada,ada@example.com,,Nurse", /Organisation is missing/],
    ["unknown organisation", "Ada,ada@example.com,St Elsewhere,Nurse", /Organisation "St Elsewhere" is not known/],
    ["missing profession", "Ada,ada@example.com,RXN,", /Profession is missing/],
    ["unknown profession", "Ada,ada@example.com,RXN,Surgeon", /Profession "Surgeon" is not known/],
    ["current member", "Al,already.member@EXAMPLE.com,RXN,Nurse", /already a member of this cohort/],
    ["deactivated person", "Gone,gone@example.com,RXN,Nurse", /deactivated/],
    ["this cohort's facilitator", "Runs It,runs.it@example.com,RXN,Nurse", /facilitates this cohort/],
    ["too few values", "Ada,ada@example.com,RXN", /has 3 values; it should have 4/],
    ["a name too long", `${"A".repeat(121)},ada@example.com,RXN,Nurse`, /120 characters or fewer/],
  ])("reports a %s on its line", (_what, row, reason) => {
    const problems = problemsOf(["name,email,organisation,profession", GOOD.split("\n")[1], row].join("\n"));
    expect(problems).toHaveLength(1);
    expect(problems[0].line).toBe(3);
    expect(problems[0].reasons.join(" | ")).toMatch(reason);
  });

  it("reports an email used twice, pointing to its first line, whatever the case", () => {
    const problems = problemsOf(
      ["name,email,organisation,profession", "Ada,ada@example.com,RXN,Nurse", "Ben,ben@example.com,RXN,Nurse", "Ada Again,ADA@example.com,RXN,Nurse"].join("\n"),
    );
    expect(problems).toEqual([{ line: 4, name: "Ada Again", email: "ADA@example.com", reasons: ["The same email address is on line 2"] }]);
  });

  it("lists every bad row with every reason, and nothing to import, when any row is wrong", () => {
    const result = check(
      [
        "name,email,organisation,profession",
        "Ada,ada@example.com,RXN,Nurse",
        ",not-an-email,Nowhere,Wizard",
        "Ben,ben@example.com,RXN,Nurse",
        "Cal,cal@example.com,RXN,Surgeon",
      ].join("\n"),
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result).not.toHaveProperty("rows");
    expect(result.problems.map((p) => p.line)).toEqual([3, 5]);
    expect(result.problems[0].reasons).toHaveLength(4);
    expect(result.problems[0].reasons.join(" | ")).toMatch(/Name is missing.*Email address.*Organisation "Nowhere".*Profession "Wizard"/);
  });

  it("does not treat a person from another cohort's list as a member of this one", () => {
    const result = check("name,email,organisation,profession\nAl,already.member@example.com,RXN,Nurse\n", { ...lookups, currentMemberIds: [] });
    expect(result.ok && result.rows[0].existingPersonId).toBe("p-member");
  });
});
