/**
 * `npm run -s als -- themes classify < items.jsonl > themes.jsonl`: suggests
 * codebook themes for actions, report-backs and barriers in bulk
 * (docs/themes.md).
 *
 * Reads JSON lines `{"id": ..., "text": ...}` and writes, in the same order,
 * one line per input line: `{"id", "themes": [theme ids]}` (codebook order,
 * possibly empty), or `{"id", "line", "error"}` for a line that is not JSON or
 * does not fit (a message goes to stderr too, and the rest go on). Other
 * fields on a line are ignored, so a labelled file or an export can be piped
 * in as it is. Blank lines are skipped. Exit 0 when every line was fine, 1
 * when some failed, 2 for a usage error.
 *
 * No database and no settings: every theme with rules is suggested (the
 * starting codebook's 21), whatever an installation has retired since.
 * Error messages never repeat the text of a line.
 */
import { once } from "node:events";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { z } from "zod";
import { tagText } from "~/domain/themes/tagger";

const MAX_TEXT = 100_000;
const USAGE = "usage: npm run -s als -- themes classify < items.jsonl > themes.jsonl   (no options; see docs/themes.md)";

const missingOr = (field: string, wrong: string) => (issue: { input?: unknown }) => (issue.input === undefined ? `${field} is missing` : wrong);

const Item = z.looseObject(
  {
    id: z.union([z.string(), z.number()], { error: missingOr("id", "id must be a string or a number") }),
    text: z.string({ error: missingOr("text", "text must be a string") }).max(MAX_TEXT, { error: `text is longer than ${MAX_TEXT.toLocaleString("en-GB")} characters` }),
  },
  { error: "the line must be a JSON object" },
);

function idOf(value: unknown): string | number | null {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const id = (value as Record<string, unknown>).id;
    if (typeof id === "string" || (typeof id === "number" && Number.isFinite(id))) return id;
  }
  return null;
}

export async function classifyLines(input: Readable, output: Writable, errors: Writable): Promise<{ ok: number; failed: number }> {
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  let ok = 0;
  let failed = 0;
  const write = async (record: unknown) => {
    if (!output.write(`${JSON.stringify(record)}\n`)) await once(output, "drain");
  };
  for await (const raw of lines) {
    lineNumber++;
    const line = lineNumber === 1 ? raw.replace(/^\uFEFF/, "") : raw;
    if (!line.trim()) continue;
    let value: unknown;
    let error: string | undefined;
    try {
      value = JSON.parse(line);
    } catch {
      error = "not valid JSON";
    }
    const parsed = error ? undefined : Item.safeParse(value);
    if (parsed && !parsed.success) error = parsed.error.issues.map((issue) => issue.message).join("; ");
    if (error || !parsed?.success) {
      failed++;
      const id = idOf(value);
      errors.write(`line ${lineNumber}${id === null ? "" : ` (id ${JSON.stringify(id)})`}: ${error}\n`);
      await write({ id, line: lineNumber, error });
      continue;
    }
    const { id, text } = parsed.data;
    ok++;
    await write({ id, themes: tagText(text).map((tag) => tag.themeId) });
  }
  // Everything written has reached the stream's destination before the
  // caller exits the process.
  await new Promise<void>((resolve, reject) => output.write("", (err) => (err ? reject(err) : resolve())));
  return { ok, failed };
}

export async function themesCommand(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand !== "classify" || rest.length) {
    console.error(USAGE);
    return 2;
  }
  const { failed } = await classifyLines(process.stdin, process.stdout, process.stderr);
  return failed ? 1 : 0;
}
