/**
 * `npm run -s als -- export evaluation --from DATE --to DATE [--out FILE]`:
 * the research extract (a zip of disclosure-controlled CSV files with a data
 * dictionary; app/models/evaluation.server.ts) for the months from DATE to
 * DATE (YYYY-MM or YYYY-MM-DD; the month of each is used), written to FILE
 * or, without --out, to standard output. Recorded in the audit log.
 */
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { openDatabase, runMigrations } from "~db/client";
import { researchExtract } from "~/models/evaluation.server";
import { setServices } from "~/server/context.server";
import { outboxMailer } from "~/server/email.server";
import { parseEnv } from "~/server/env.server";

export const EXPORT_USAGE = "usage: npm run -s als -- export evaluation --from YYYY-MM[-DD] --to YYYY-MM[-DD] [--out extract.zip]";

const monthOf = (value: string | undefined) => {
  const m = value?.match(/^(\d{4})-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/);
  return m ? `${m[1]}-${m[2]}` : null;
};

export async function exportCommand(args: string[]): Promise<number> {
  const [what, ...rest] = args;
  if (what !== "evaluation") {
    console.error(EXPORT_USAGE);
    return 2;
  }
  let values: { from?: string; to?: string; out?: string };
  try {
    values = parseArgs({ args: rest, options: { from: { type: "string" }, to: { type: "string" }, out: { type: "string" } }, strict: true }).values;
  } catch (error) {
    console.error(String((error as Error).message));
    console.error(EXPORT_USAGE);
    return 2;
  }
  const from = monthOf(values.from);
  const to = monthOf(values.to);
  if (!from || !to) {
    console.error("Give --from and --to as dates, like 2026-01-01 or 2026-01.");
    console.error(EXPORT_USAGE);
    return 2;
  }
  if (from > to) {
    console.error("--from must be on or before --to.");
    return 2;
  }
  const env = parseEnv();
  const conn = openDatabase(env.DATABASE_PATH);
  runMigrations(conn);
  setServices({ env, conn, mailer: outboxMailer(env.OUTBOX_DIR) });
  try {
    const archive = researchExtract({ from, to }, { id: null, ip: "command line", via: "command line" });
    if (values.out) {
      writeFileSync(values.out, archive);
      console.error(`Wrote the research extract for ${from} to ${to} to ${values.out} (${archive.length.toLocaleString("en-GB")} bytes).`);
    } else {
      await new Promise<void>((resolve, reject) => process.stdout.write(archive, (error) => (error ? reject(error) : resolve())));
    }
    return 0;
  } finally {
    conn.sqlite.close();
  }
}
