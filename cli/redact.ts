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
import type { Readable, Writable } from "node:stream";
import { z } from "zod";
import { redact } from "~/domain/redaction";
import { idAndText, mapJsonLines } from "./json-lines";

const Note = z.strictObject(
  {
    ...idAndText,
    names: z.array(z.string({ error: "each name must be a string" }), { error: "names must be a list of strings" }).optional(),
  },
  { error: "the line must be a JSON object" },
);

export function redactLines(input: Readable, output: Writable, errors: Writable): Promise<{ ok: number; failed: number }> {
  return mapJsonLines({ input, output, errors }, Note, ({ id, text, names = [] }) => {
    const result = redact(text, names);
    return { id, text: result.text, entities: result.entities };
  });
}

export async function redactCommand(args: string[]): Promise<number> {
  if (args.length) {
    console.error("usage: npm run -s als -- redact < notes.jsonl > redacted.jsonl   (no options; see docs/redaction.md)");
    return 2;
  }
  const { failed } = await redactLines(process.stdin, process.stdout, process.stderr);
  return failed ? 1 : 0;
}
