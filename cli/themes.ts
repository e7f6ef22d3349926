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
import type { Readable, Writable } from "node:stream";
import { z } from "zod";
import { tagText } from "~/domain/themes/tagger";
import { idAndText, mapJsonLines } from "./json-lines";

const USAGE = "usage: npm run -s als -- themes classify < items.jsonl > themes.jsonl   (no options; see docs/themes.md)";

const Item = z.looseObject(idAndText, { error: "the line must be a JSON object" });

export function classifyLines(input: Readable, output: Writable, errors: Writable): Promise<{ ok: number; failed: number }> {
  return mapJsonLines({ input, output, errors }, Item, ({ id, text }) => ({ id, themes: tagText(text).map((tag) => tag.themeId) }));
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
