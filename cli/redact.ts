/**
 * `npm run -s als -- redact < notes.jsonl > redacted.jsonl`: de-identifies
 * older notes in bulk (docs/redaction.md).
 *
 * Reads JSON lines `{"id": ..., "text": ..., "names": [...]}` and writes, in
 * the same order, one line per input line: `{"id", "text", "entities"}` with
 * offsets into the input text, or `{"id", "line", "error"}` for a line that
 * is not JSON or does not fit the schema (a message goes to stderr too, and
 * the rest go on). Blank lines are skipped. Exit 0 when every line was fine,
 * 1 when some failed, 2 for a usage error.
 *
 * No database and no settings: it only reads stdin and writes stdout.
 * Error messages never repeat the text of a line.
 */
import { once } from "node:events";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { z } from "zod";
import { redact } from "~/domain/redaction";

const MAX_TEXT = 100_000;

const missingOr = (field: string, wrong: string) => (issue: { input?: unknown }) => (issue.input === undefined ? `${field} is missing` : wrong);

const Note = z.strictObject(
  {
    id: z.union([z.string(), z.number()], { error: missingOr("id", "id must be a string or a number") }),
    text: z.string({ error: missingOr("text", "text must be a string") }).max(MAX_TEXT, { error: `text is longer than ${MAX_TEXT.toLocaleString("en-GB")} characters` }),
    names: z.array(z.string({ error: "each name must be a string" }), { error: "names must be a list of strings" }).optional(),
  },
  { error: "the line must be a JSON object" },
);

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.code === "unrecognized_keys" ? `unexpected field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}` : issue.message))
    .join("; ");
}

function idOf(value: unknown): string | number | null {
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const id = (value as Record<string, unknown>).id;
    if (typeof id === "string" || (typeof id === "number" && Number.isFinite(id))) return id;
  }
  return null;
}

export async function redactLines(input: Readable, output: Writable, errors: Writable): Promise<{ ok: number; failed: number }> {
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
    const parsed = error ? undefined : Note.safeParse(value);
    if (parsed && !parsed.success) error = describeIssues(parsed.error);
    if (error || !parsed?.success) {
      failed++;
      const id = idOf(value);
      errors.write(`line ${lineNumber}${id === null ? "" : ` (id ${JSON.stringify(id)})`}: ${error}\n`);
      await write({ id, line: lineNumber, error });
      continue;
    }
    const { id, text, names = [] } = parsed.data;
    const result = redact(text, names);
    ok++;
    await write({ id, text: result.text, entities: result.entities });
  }
  // Everything written has reached the stream's destination before the
  // caller exits the process.
  await new Promise<void>((resolve, reject) => output.write("", (err) => (err ? reject(err) : resolve())));
  return { ok, failed };
}

export async function redactCommand(args: string[]): Promise<number> {
  if (args.length) {
    console.error("usage: npm run -s als -- redact < notes.jsonl > redacted.jsonl   (no options; see docs/redaction.md)");
    return 2;
  }
  const { failed } = await redactLines(process.stdin, process.stdout, process.stderr);
  return failed ? 1 : 0;
}
