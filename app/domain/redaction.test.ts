import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { findIdentifiers, isValidNhsNumber, nameVariants, PLACEHOLDERS, redact, type EntityType } from "./redaction";

const COHORT = ["Priya Shah", "Seán O'Connor-Byrne", "Zoë Ng", "Will Hope", "Dr Anne-Marie van der Berg"];

/** The spans found, as [type, the input text they cover]. */
function spans(text: string, names: readonly string[] = []) {
  return findIdentifiers(text, names).map((e) => [e.type, text.slice(e.start, e.end)] as [EntityType, string]);
}
const out = (text: string, names: readonly string[] = []) => redact(text, names).text;

describe("PLACEHOLDERS", () => {
  it("are the words the review page shows", () => {
    expect(PLACEHOLDERS).toEqual({ NAME: "[name]", EMAIL: "[email]", PHONE: "[phone]", NHS_NUMBER: "[NHS number]", POSTCODE: "[postcode]" });
  });
});

describe("isValidNhsNumber (modulus 11)", () => {
  it.each(["4010232137", "401 023 2137", "401-023-2137", "9434765919", "0032698674", "2213951837"])("accepts %s", (n) => {
    expect(isValidNhsNumber(n)).toBe(true);
  });
  it.each(["4010232138", "9434765918", "123456789", "12345678901", "abcdefghij", "", "401 023 213"])("rejects %s", (n) => {
    expect(isValidNhsNumber(n)).toBe(false);
  });
  it("rejects a number whose check digit would be 10", () => {
    // 6 x 2 = 12, remainder 1, check digit 11 - 1 = 10: no tenth digit can satisfy it.
    for (const last of "0123456789") expect(isValidNhsNumber(`000000006${last}`)).toBe(false);
    expect(isValidNhsNumber("0000000000")).toBe(true); // remainder 0 -> check 0
  });
});

describe("NHS numbers", () => {
  it.each([
    ["943 476 5919", "valid, spaced 3-3-4"],
    ["9434765919", "valid, unspaced"],
    ["943-476-5919", "valid, hyphens"],
    ["943 476 5918", "invalid check digit: still redacted"],
    ["9434765918", "invalid, unspaced"],
    ["0032698674", "leading zeros"],
  ])("redacts %s (%s)", (n) => {
    expect(spans(`NHS no ${n}, seen today`)).toEqual([["NHS_NUMBER", n]]);
    expect(out(`NHS no ${n}, seen today`)).toBe("NHS no [NHS number], seen today");
  });
  it("redacts ten digits with no label and no context", () => {
    expect(spans("9434765919")).toEqual([["NHS_NUMBER", "9434765919"]]);
  });
  it.each(["123456789", "12345678901", "943 476 591", "2025-03-12", "12/03/2025", "£1,250,000"])("leaves %s alone", (n) => {
    expect(spans(`ref ${n} here`)).toEqual([]);
  });
  it("does not take ten digits out of a longer run", () => {
    expect(spans("roster 943476591912")).toEqual([]);
  });
});

describe("UK phone numbers", () => {
  it.each([
    "07700 900123",
    "07700900123",
    "07700 900 123",
    "+44 7700 900123",
    "+447700900123",
    "+44 (0)7700 900123",
    "+44 (0)161 123 4567",
    "+44 (0) 161 123 4567",
    "+44 (20) 7123 4567",
    "+44 161 123 4567",
    "0044 20 7946 0958",
    "(0161) 123 4567",
    "(020) 7946 0958",
    "0161-123-4567",
    "0161 123 4567",
    "0161.123.4567",
    "020 7946 0958",
    "02079460958",
    "0300 123 4567",
    "0808 157 0192",
    "0151 706 2000",
    "016977 3456",
  ])("redacts %s", (n) => {
    expect(spans(`Call ${n} today`)).toEqual([["PHONE", n]]);
    expect(out(`Call ${n} today`)).toBe("Call [phone] today");
  });
  it("keeps an extension or a bleep after the number", () => {
    expect(out("Rang occupational health on 0151 706 2000 ext 4321 and bleep 1234")).toBe("Rang occupational health on [phone] ext 4321 and bleep 1234");
  });
  it("finds a number that follows another number", () => {
    expect(spans("bed 12 0161 496 0000 and ward 7 07700 900123")).toEqual([
      ["PHONE", "0161 496 0000"],
      ["PHONE", "07700 900123"],
    ]);
  });
  it("stops at the end of the number", () => {
    expect(spans("0161 496 0000 12 patients")).toEqual([["PHONE", "0161 496 0000"]]);
  });
  it("labels ten digits that could be either by the check digit", () => {
    expect(spans("012 345 6789")).toEqual([["NHS_NUMBER", "012 345 6789"]]); // valid check digit
    expect(spans("0161496000")).toEqual([["PHONE", "0161496000"]]); // a 10-digit 01 number, invalid check digit
  });
  it.each([
    "07:00–19:30",
    "07:00-19:30",
    "0730-0800",
    "14:30",
    "2pm",
    "01 02 03 04 05",
    "07700 900 12",
    "0161 496",
    "ext 4321",
    "x54321",
    "bleep 1234",
    "12.03.2025",
    "01/04/26",
    "0.5ml",
    "2025-2026",
    "RA-20250312-7",
    "rota 0042",
  ])("leaves %s alone", (s) => {
    expect(spans(`note: ${s} ok`)).toEqual([]);
  });
  it("redacts other countries' numbers written with + or the bracketed North American form", () => {
    expect(spans("US (415) 555-0132, Ireland +353 1 234 5678")).toEqual([
      ["PHONE", "(415) 555-0132"],
      ["PHONE", "+353 1 234 5678"],
    ]);
  });
});

describe("email addresses", () => {
  it.each([
    "priya.shah@nhs.net",
    "zoe.ng+als@nhs.net",
    "s.oconnor-byrne@mft.nhs.uk",
    "first.last@sub.domain.example.nhs.uk",
    "Priya.Shah@NHS.NET",
    "nurse123@gmail.com",
    "o'brien@nhs.net",
    "user@xn--80ak6aa92e.com",
    "a@xn--d1acufc.xn--p1ai",
    "info@presidio.site",
  ])("redacts %s", (e) => {
    expect(spans(`email ${e} today`)).toEqual([["EMAIL", e]]);
  });
  it("leaves the full stop at the end of a sentence", () => {
    expect(out("Write to team@nhs.net.")).toBe("Write to [email].");
    expect(out("(cln@nhs.net) and 'als@nhs.net'")).toBe("([email]) and '[email]'");
  });
  it("counts each address once, even when one ends like another", () => {
    expect(spans("info@presidio.site or anotherinfo@presidio.site")).toEqual([
      ["EMAIL", "info@presidio.site"],
      ["EMAIL", "anotherinfo@presidio.site"],
    ]);
  });
  it.each(["info@presidio.", "hello-world", "a@b", "a@b.2", "@nhs.net", "ward@"])("leaves %s alone", (s) => {
    expect(spans(`x ${s} y`)).toEqual([]);
  });
  it("takes a listed name inside an address as part of the address", () => {
    expect(spans("priya.shah@nhs.net", ["Priya Shah"])).toEqual([["EMAIL", "priya.shah@nhs.net"]]);
  });
});

describe("UK postcodes", () => {
  it.each(["M1 1AA", "M60 1NW", "W1A 1HQ", "CR2 6XH", "DN55 1PT", "EC1A 1BB", "SW1A 1AA", "M11AA", "EC1A1BB", "DN551PT", "m13 9wl", "l7 8xp", "Ls1 3eX", "GIR 0AA"])(
    "redacts %s",
    (p) => {
      expect(spans(`at ${p}, please`)).toEqual([["POSTCODE", p]]);
    },
  );
  it.each(["1A1 1AA", "ABCM11AADEF", "QA1 1AA", "M1 1CA", "ward 7B, bed 12", "band 6", "Band 8a", "NEWS2 score 5", "B2 2pm", "C3 1am", "B12 5mg", "FY1 2nd", "CT2 3rd", "B12 1st", "ST4 4th"])(
    "leaves %s alone",
    (s) => {
      expect(spans(`x ${s} y`)).toEqual([]);
    },
  );
  it("redacts an ordinal-looking inward code when the postcode is written in one case", () => {
    expect(spans("B1 1ST and b1 1st")).toEqual([
      ["POSTCODE", "B1 1ST"],
      ["POSTCODE", "b1 1st"],
    ]);
  });
});

describe("names", () => {
  it("matches first name, surname and full name as whole words, in any case", () => {
    expect(out("Ask Priya; PRIYA SHAH agreed, shah too", COHORT)).toBe("Ask [name]; [name] agreed, [name] too");
    expect(spans("Priyanka and Shahid are other people", COHORT)).toEqual([]);
  });
  it("takes a full name as one span, across a line break or double space", () => {
    expect(spans("Priya  Shah and Priya\nShah", COHORT)).toEqual([
      ["NAME", "Priya  Shah"],
      ["NAME", "Priya\nShah"],
    ]);
  });
  it("keeps the possessive 's (straight or curly) after the placeholder", () => {
    expect(out("Priya's clinic, Shah’s rota, Hope's idea, James' note", COHORT)).toBe("[name]'s clinic, [name]’s rota, [name]'s idea, James' note");
    expect(spans("Priya's", COHORT)).toEqual([["NAME", "Priya"]]);
  });
  it("matches with or without diacritics on either side", () => {
    expect(out("Zoe, ZOË, Zoë, Sean, Seán, SEÁN", COHORT)).toBe("[name], [name], [name], [name], [name], [name]");
    expect(out("Sean and Seán", ["Seán Murphy"])).toBe("[name] and [name]");
    expect(out("Seán and Sean", ["Sean Murphy"])).toBe("[name] and [name]");
    expect(out("Bjorn Oberg, Björn Øberg, Jose Martinez", ["Björn Øberg", "José Martínez"])).toBe("[name], [name], [name]");
  });
  it("covers combining accents written as separate characters", () => {
    const text = "Zoe\u0301 came"; // e + combining acute
    expect(findIdentifiers(text, COHORT)).toEqual([{ type: "NAME", start: 0, end: 4 }]);
    expect(out(text, COHORT)).toBe("[name] came");
  });
  it("handles hyphenated and apostrophe surnames and their parts", () => {
    expect(out("Seán O'Connor-Byrne, O’Connor-Byrne, OConnor Byrne, O'Connor, Byrne, Connor", COHORT)).toBe(
      "[name], [name], [name], [name], [name], [name]",
    );
    expect(out("Anne-Marie, Anne Marie, AnneMarie, Anne, Marie", COHORT)).toBe("[name], [name], [name], [name], [name]");
  });
  it("treats surname particles as part of the surname, not names on their own", () => {
    expect(out("van der Berg said the van is late; Berg agreed", COHORT)).toBe("[name] said the van is late; [name] agreed");
    expect(out("Aoife Ní Bhriain; ni means we", ["Aoife Ní Bhriain"])).toBe("[name]; ni means we");
  });
  it("drops titles stored with the name", () => {
    expect(nameVariants("Dr Kwame Mensah")).not.toContain("dr");
    expect(out("Dr Mensah and Kwame", ["Dr Kwame Mensah"])).toBe("Dr [name] and [name]");
  });
  it("redacts a listed person's common-word name wherever the word appears", () => {
    expect(out("Will said I will ask; we hope so", COHORT)).toBe("[name] said I [name] ask; we [name] so");
    expect(out("we will hope", COHORT)).toBe("we [name]"); // the full name "Will Hope", one span
    expect(out("WILL HOPE to present", COHORT)).toBe("[name] to present");
  });
  it("never redacts a word when nobody listed has that name", () => {
    const text = "I will hope for grace; May may mark it; faith, sunny, bill, rose";
    expect(out(text, ["Priya Shah", "Zoë Ng"])).toBe(text);
    expect(out(text, [])).toBe(text);
  });
  it("redacts names only from the list", () => {
    expect(out("Dr Smith and Priya", ["Priya Shah"])).toBe("Dr Smith and [name]");
  });
  it("ignores empty or unusable entries in the list", () => {
    expect(out("Priya came", ["", "   ", "J", "Priya Shah"])).toBe("[name] came");
  });
});

describe("offsets and the result as a whole", () => {
  const text =
    "Priya Shah (priya.shah@nhs.net, 07700 900123) saw NHS 943 476 5919 from M13 9WL on 12/03/2025 at 14:30, ward 7B, bed 12; Zoë’s band 6 cover.";
  const entities = findIdentifiers(text, COHORT);

  it("gives offsets into the input, sorted and not overlapping", () => {
    expect(entities.map((e) => [e.type, text.slice(e.start, e.end)])).toEqual([
      ["NAME", "Priya Shah"],
      ["EMAIL", "priya.shah@nhs.net"],
      ["PHONE", "07700 900123"],
      ["NHS_NUMBER", "943 476 5919"],
      ["POSTCODE", "M13 9WL"],
      ["NAME", "Zoë"],
    ]);
    for (let i = 1; i < entities.length; i++) expect(entities[i].start).toBeGreaterThanOrEqual(entities[i - 1].end);
  });

  it("replaces each span with its placeholder and leaves the rest byte for byte", () => {
    expect(redact(text, COHORT)).toEqual({
      text: "[name] ([email], [phone]) saw NHS [NHS number] from [postcode] on 12/03/2025 at 14:30, ward 7B, bed 12; [name]’s band 6 cover.",
      entities,
    });
  });

  it("changes nothing when nothing is found", () => {
    expect(redact("Nothing to see: band 6, £12k, 5 mg.", COHORT)).toEqual({ text: "Nothing to see: band 6, £12k, 5 mg.", entities: [] });
    expect(redact("", COHORT)).toEqual({ text: "", entities: [] });
  });

  it("is idempotent: redacting redacted text changes nothing", () => {
    const samples = [
      text,
      "Will Hope's email will.hope@nhs.net, +44 (0)161 123 4567, EC1A1BB",
      "[name] and [NHS number] and [postcode] already",
      "Names list with a placeholder word: Name Phone",
    ];
    for (const sample of samples) {
      const once = redact(sample, [...COHORT, "Name Phone", "Postcode Email"]);
      const twice = redact(once.text, [...COHORT, "Name Phone", "Postcode Email"]);
      expect(twice).toEqual({ text: once.text, entities: [] });
    }
  });
});

describe("long and hostile input", () => {
  // These would take seconds or minutes with a backtracking-prone pattern.
  it("scans 4,000 characters of near-misses correctly", () => {
    const cases: Array<[string, number]> = [
      ["1 ".repeat(2000), 0],
      ["0".repeat(4000), 0],
      ["a".repeat(4000) + "@", 0],
      ["a.".repeat(2000) + "@x", 0],
      ["a@" + "b-".repeat(1999), 0],
      ["x".repeat(3990) + "@nhs.net", 1],
      ["(0".repeat(2000), 0],
      ["07700 ".repeat(666), 0],
      ["Priya ".repeat(666), 666],
      ["M1 ".repeat(1333), 0],
    ];
    for (const [input, count] of cases) expect(findIdentifiers(input, COHORT), input.slice(0, 20)).toHaveLength(count);
  });
  it("copes with a long names list", () => {
    const names = Array.from({ length: 200 }, (_, i) => `Person${String.fromCharCode(97 + (i % 26))}${i} Surname${i}`);
    expect(out("Surname199 and Surname7 met", names)).toBe("[name] and [name] met");
  });
});

describe("the module", () => {
  it("is pure: no imports, no clock, no I/O", () => {
    const source = readFileSync(resolve(__dirname, "redaction.ts"), "utf8");
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/new Date|Date\.now|process\.|require\(/);
  });
});
