/**
 * The JSON-lines loop the bulk commands share (`redact`, `themes classify`):
 * read standard input line by line, check each line with a zod schema, and
 * write, in the same order, one output line per input line: the command's
 * answer, or `{"id", "line", "error"}` for a line that is not JSON or does
 * not fit (a message goes to stderr too, and the rest go on). Blank lines
 * are skipped; a UTF-8 byte-order mark on the first line is ignored. Error
 * messages never repeat the text of a line.
 */
import { once } from "node:events";
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { z } from "zod";

export const MAX_TEXT = 100_000;

/** A zod message that says "missing" when the field is absent, else `wrong`. */
export const missingOr = (field: string, wrong: string) => (issue: { input?: unknown }) => (issue.input === undefined ? `${field} is missing` : wrong);

/** The `id` and `text` every line carries. */
export const idAndText = {
  id: z.union([z.string(), z.number()], { error: missingOr("id", "id must be a string or a number") }),
  text: z.string({ error: missingOr("text", "text must be a string") }).max(MAX_TEXT, { error: `text is longer than ${MAX_TEXT.toLocaleString("en-GB")} characters` }),
};

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

export async function mapJsonLines<S extends z.ZodType>(
  io: { input: Readable; output: Writable; errors: Writable },
  schema: S,
  answer: (line: z.output<S>) => unknown,
): Promise<{ ok: number; failed: number }> {
  const lines = createInterface({ input: io.input, crlfDelay: Infinity });
  let lineNumber = 0;
  let ok = 0;
  let failed = 0;
  const write = async (record: unknown) => {
    if (!io.output.write(`${JSON.stringify(record)}\n`)) await once(io.output, "drain");
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
    const parsed = error ? undefined : schema.safeParse(value);
    if (parsed && !parsed.success) error = describeIssues(parsed.error);
    if (error || !parsed?.success) {
      failed++;
      const id = idOf(value);
      io.errors.write(`line ${lineNumber}${id === null ? "" : ` (id ${JSON.stringify(id)})`}: ${error}\n`);
      await write({ id, line: lineNumber, error });
      continue;
    }
    ok++;
    await write(answer(parsed.data));
  }
  // Everything written has reached the stream's destination before the caller exits the process.
  await new Promise<void>((resolve, reject) => io.output.write("", (err) => (err ? reject(err) : resolve())));
  return { ok, failed };
}
