/**
 * `npm run -s als -- themes classify` as analysts run it: a real child
 * process, real stdin/stdout pipes, no database and no settings in its
 * environment.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { STARTING_CODEBOOK } from "~db/codebook";
import { resolve } from "node:path";
import { als, ROOT, run } from "../helpers/cli";

const classify = (input: string) => als(["themes", "classify"], input);
const outputLines = (stdout: string) =>
  stdout
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe("als themes classify", () => {
  it("writes each line's theme ids in codebook order and exits 0 when every line was fine", async () => {
    const items = [
      { id: "a1", text: "I never get to sit down on a twelve-hour shift." },
      { id: 2, text: "Start a Schwartz round, and refer Sam to occupational health about her back" },
      { id: "a3", text: "I no longer need OH; the back pain has settled." },
      { id: "a4", text: "Audit of discharge letters finished; we hit 94% within 24 hours." },
      // Other fields are ignored, so a labelled file can be piped in as it is.
      { id: "a5", text: "The team had a wobble after the cardiac arrest on Tuesday", themes: ["whatever"], kind: "report_back" },
    ];
    const result = await classify(items.map((i) => JSON.stringify(i)).join("\n") + "\n");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(outputLines(result.stdout)).toEqual([
      { id: "a1", themes: ["workload-and-rest"] },
      { id: 2, themes: ["peer-support", "occupational-health"] },
      { id: "a3", themes: [] },
      { id: "a4", themes: [] },
      { id: "a5", themes: ["trauma-and-debriefing"] },
    ]);
    expect(Object.keys(outputLines(result.stdout)[0])).toEqual(["id", "themes"]);
  });

  it("writes an error line for a bad line, with its id and line number, and goes on; exits 1", async () => {
    const input = [
      JSON.stringify({ id: "a", text: "Rotas are brutal" }), // 1
      "{not json at all, the rota for Priya Shah", // 2
      "", // 3: blank, skipped but counted
      JSON.stringify({ id: "c", text: 42 }), // 4
      JSON.stringify({ text: "no id here, rota" }), // 5
      JSON.stringify(["a list", "rota"]), // 6
      JSON.stringify({ id: "f", text: "x".repeat(100_001) }), // 7
      JSON.stringify({ id: "g", text: "Chase the OH referral" }) + "\r", // 8: Windows line ending
    ].join("\n");
    const result = await classify(input);
    expect(result.code).toBe(1);
    expect(outputLines(result.stdout)).toEqual([
      { id: "a", themes: ["workload-and-rest"] },
      { id: null, line: 2, error: "not valid JSON" },
      { id: "c", line: 4, error: "text must be a string" },
      { id: null, line: 5, error: "id is missing" },
      { id: null, line: 6, error: "the line must be a JSON object" },
      { id: "f", line: 7, error: "text is longer than 100,000 characters" },
      { id: "g", themes: ["occupational-health"] },
    ]);
    const messages = result.stderr.split("\n").filter((l) => l.startsWith("line "));
    expect(messages).toEqual([
      "line 2: not valid JSON",
      'line 4 (id "c"): text must be a string',
      "line 5: id is missing",
      "line 6: the line must be a JSON object",
      'line 7 (id "f"): text is longer than 100,000 characters',
    ]);
    // The items' own words never reach the error stream.
    expect(result.stderr).not.toMatch(/Priya|rota|no id here|a list/);
  });

  it("classifies the whole labelled corpus, repeated, and writes every line before it exits", async () => {
    const corpus = readFileSync(resolve(ROOT, "tests/fixtures/themes/corpus.jsonl"), "utf8").split("\n").filter(Boolean);
    const batch = Array.from({ length: 20 }, (_, round) => corpus.map((line) => JSON.stringify({ ...JSON.parse(line), id: `${round}-${JSON.parse(line).id}` }))).flat();
    const result = await classify(batch.join("\n"));
    expect(result.code).toBe(0);
    const lines = outputLines(result.stdout) as Array<{ id: string; themes: string[] }>;
    expect(lines).toHaveLength(batch.length);
    expect(lines[lines.length - 1].id).toBe(`19-${JSON.parse(corpus[corpus.length - 1]).id}`);
    const known = new Set(STARTING_CODEBOOK.map((t) => t.id));
    for (const line of lines) for (const id of line.themes) expect(known.has(id)).toBe(true);
  });

  it("exits 0 with no output for empty input", async () => {
    expect(await classify("")).toMatchObject({ code: 0, stdout: "" });
  });

  it("prints usage and exits 2 for a missing or unknown subcommand, or extra arguments", async () => {
    const cases = [["themes"], ["themes", "cluster"], ["themes", "classify", "--all"]];
    const [results, top] = await Promise.all([Promise.all(cases.map((args) => als(args))), als(["nonsense"])]);
    results.forEach((result, i) => {
      expect(result.code, cases[i].join(" ")).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain("usage: npm run -s als -- themes classify");
    });
    expect(top.code).toBe(2);
    expect(top.stderr).toContain("themes classify");
  });

  it("runs through npm run -s als, as the docs say", async () => {
    const result = await run("npm", ["run", "-s", "als", "--", "themes", "classify"], JSON.stringify({ id: 1, text: "Phased return went well" }) + "\n");
    expect(result.code).toBe(0);
    expect(outputLines(result.stdout)).toEqual([{ id: 1, themes: ["occupational-health"] }]);
  });
});
