/**
 * `npm run -s als -- redact` as analysts run it: a real child process, real
 * stdin/stdout pipes, no database and no settings in its environment.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { als, ROOT, run } from "../helpers/cli";

const redactCli = (input: string) => als(["redact"], input);
const outputLines = (stdout: string) =>
  stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

type Out = { id: string | number; text: string; entities: Array<{ type: string; start: number; end: number }> };

describe("als redact", () => {
  it("redacts each line, with offsets into the input, and exits 0 when every line was fine", async () => {
    const notes = [
      { id: "n1", text: "Ask Priya to cover my Tuesday clinic so I can go to the wellbeing hub", names: ["Priya Shah"] },
      { id: 2, text: "Rang occupational health on 0151 706 2000 ext 4321, then emailed zoe.ng@nhs.net", names: ["Zoë Ng"] },
      { id: "n3", text: "Zoë’s patient 943 476 5919 lives near M13 9WL; ward 7B, bed 12 at 14:30", names: ["Zoë Ng"] },
      { id: "n4", text: "No identifiers: band 6, £12k, 5 mg, NEWS2 score 5" },
    ];
    const result = await redactCli(notes.map((n) => JSON.stringify(n)).join("\n") + "\n");
    expect(result.code).toBe(0);
    const lines = outputLines(result.stdout) as Out[];
    expect(lines.map((l) => l.id)).toEqual(["n1", 2, "n3", "n4"]);
    expect(lines.map((l) => l.text)).toEqual([
      "Ask [name] to cover my Tuesday clinic so I can go to the wellbeing hub",
      "Rang occupational health on [phone] ext 4321, then emailed [email]",
      "[name]’s patient [NHS number] lives near [postcode]; ward 7B, bed 12 at 14:30",
      "No identifiers: band 6, £12k, 5 mg, NEWS2 score 5",
    ]);
    const found = lines.map((l, i) => l.entities.map((e) => [e.type, notes[i].text.slice(e.start, e.end)]));
    expect(found).toEqual([
      [["NAME", "Priya"]],
      [
        ["PHONE", "0151 706 2000"],
        ["EMAIL", "zoe.ng@nhs.net"],
      ],
      [
        ["NAME", "Zoë"],
        ["NHS_NUMBER", "943 476 5919"],
        ["POSTCODE", "M13 9WL"],
      ],
      [],
    ]);
    expect(Object.keys(lines[0])).toEqual(["id", "text", "entities"]);
  });

  it("writes an error line for a bad line, with its id and line number, and goes on; exits 1", async () => {
    const input = [
      JSON.stringify({ id: "a", text: "Priya rang", names: ["Priya Shah"] }), // 1
      "{not json at all, Priya Shah 07700 900123", // 2
      "", // 3: blank, skipped but counted
      JSON.stringify({ id: "c", text: 42 }), // 4
      JSON.stringify({ id: "d", text: "ok", names: ["Priya Shah"], extra: "no" }), // 5
      JSON.stringify({ text: "no id here" }), // 6
      JSON.stringify({ id: "g", text: "call 07700 900123" }) + "\r", // 7: Windows line ending
    ].join("\n");
    const result = await redactCli(input);
    expect(result.code).toBe(1);
    expect(outputLines(result.stdout)).toEqual([
      { id: "a", text: "[name] rang", entities: [{ type: "NAME", start: 0, end: 5 }] },
      { id: null, line: 2, error: "not valid JSON" },
      { id: "c", line: 4, error: "text must be a string" },
      { id: "d", line: 5, error: "unexpected field extra" },
      { id: null, line: 6, error: "id is missing" },
      { id: "g", text: "call [phone]", entities: [{ type: "PHONE", start: 5, end: 17 }] },
    ]);
    const messages = result.stderr.split("\n").filter((l) => l.startsWith("line "));
    expect(messages).toEqual([
      "line 2: not valid JSON",
      'line 4 (id "c"): text must be a string',
      'line 5 (id "d"): unexpected field extra',
      "line 6: id is missing",
    ]);
    // The notes' own words never reach the error stream.
    expect(result.stderr).not.toMatch(/Priya|07700|no id here/);
  });

  it("writes every line of a large batch before it exits", async () => {
    const corpus = readFileSync(resolve(ROOT, "tests/fixtures/redaction/corpus.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { id: string; text: string; names: string[] });
    const batch = Array.from({ length: 30 }, (_, round) => corpus.map((c) => JSON.stringify({ id: `${round}-${c.id}`, text: c.text, names: c.names }))).flat();
    const result = await redactCli(batch.join("\n"));
    expect(result.code).toBe(0);
    const lines = outputLines(result.stdout) as Out[];
    expect(lines).toHaveLength(batch.length);
    expect(lines[lines.length - 1].id).toBe(`29-${corpus[corpus.length - 1].id}`);
  });

  it("exits 0 with no output for empty input", async () => {
    expect(await redactCli("")).toMatchObject({ code: 0, stdout: "" });
  });

  it("runs through npm run -s als, as the docs say", async () => {
    const result = await run("npm", ["run", "-s", "als", "--", "redact"], JSON.stringify({ id: 1, text: "Email priya@nhs.net" }) + "\n");
    expect(result.code).toBe(0);
    expect(outputLines(result.stdout)).toEqual([{ id: 1, text: "Email [email]", entities: [{ type: "EMAIL", start: 6, end: 19 }] }]);
  });
});
