/**
 * `npm run -s als -- <command>`: command-line tasks for operators.
 *
 *   create-admin --name "Full Name" --email name@nhs.net
 *       Creates the first CLN admin on a new installation (or any later one)
 *       and sends them an invitation; the link is printed too, for when email
 *       is not set up yet.
 *
 *   redact < notes.jsonl > redacted.jsonl
 *       De-identifies free text in bulk: reads JSON lines {"id", "text",
 *       "names"} and writes {"id", "text", "entities"} (docs/redaction.md).
 *       Needs no database and no settings.
 *
 *   themes classify < items.jsonl > themes.jsonl
 *       Suggests codebook themes in bulk: reads JSON lines {"id", "text"} and
 *       writes {"id", "themes": [theme ids]} (docs/themes.md). Needs no
 *       database and no settings.
 *
 *   export evaluation --from DATE --to DATE [--out extract.zip]
 *       The research extract: a zip of disclosure-controlled CSV files with a
 *       data dictionary and no person, set or meeting identifiers, for the
 *       months from DATE to DATE. Recorded in the audit log.
 *
 *   backup --to backups/als-2026-11-23.sqlite
 *       An online backup of the database at DATABASE_PATH through SQLite's
 *       backup API, safe while the server runs. Never overwrites a file; the
 *       copy is checked before it gets its final name. Prints the file, its
 *       size, its migrations and its SHA-256; recorded in the audit log.
 *
 *   restore --from backups/als-2026-11-23.sqlite [--to data/als.sqlite]
 *       Stop the server first. Checks the backup, copies it into place
 *       (default DATABASE_PATH) and applies any newer migrations; the
 *       database that was there is moved aside, never deleted.
 *
 * create-admin, export, backup and restore use the same settings as the server (DATABASE_PATH,
 * NOTIFY_API_KEY, ..., from the environment or .env)
 * and apply any pending migrations first; backup never changes the schema of
 * the database it copies (docs/decisions/0003-sqlite-settings.md, "Backups").
 */
import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { openDatabase, runMigrations } from "~db/client";
import { createInvitedPerson, deliverInvitations, findPersonByEmail } from "~/models/invitations.server";
import { setServices } from "~/server/context.server";
import { notifyMailer, outboxMailer } from "~/server/email.server";
import { parseEnv } from "~/server/env.server";
import { emailField, requiredText } from "~/utils/forms";

const USAGE = `usage: npm run -s als -- create-admin --name "Full Name" --email name@nhs.net
       npm run -s als -- redact < notes.jsonl > redacted.jsonl
       npm run -s als -- themes classify < items.jsonl > themes.jsonl
       npm run -s als -- export evaluation --from 2026-01-01 --to 2026-12-31 --out extract.zip
       npm run -s als -- backup --to backups/als-2026-11-23.sqlite
       npm run -s als -- restore --from backups/als-2026-11-23.sqlite [--to data/als.sqlite]   (stop the server first)`;

async function createAdmin(args: string[]) {
  const { values } = parseArgs({ args, options: { name: { type: "string" }, email: { type: "string" } }, strict: true });
  const parsed = z.object({ name: requiredText("a name (--name)", 120), email: emailField("an email address (--email)") }).safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(issue.message);
    console.error(USAGE);
    return 2;
  }
  const env = parseEnv();
  const conn = openDatabase(env.DATABASE_PATH);
  runMigrations(conn);
  const mailer = env.NOTIFY_API_KEY && env.NOTIFY_TEMPLATE_ID ? notifyMailer(env.NOTIFY_API_KEY, env.NOTIFY_TEMPLATE_ID) : outboxMailer(env.OUTBOX_DIR);
  setServices({ env, conn, mailer });
  try {
    if (findPersonByEmail(parsed.data.email)) {
      console.error(`Someone with ${parsed.data.email} already has an account: give them the admin role on their person page instead.`);
      return 1;
    }
    const invitation = conn.db.transaction(
      (tx) =>
        createInvitedPerson(
          tx,
          { name: parsed.data.name, email: parsed.data.email, organisationId: null, profession: "manager", roles: ["admin"] },
          { id: "cli", ip: "command line" },
        ),
      { behavior: "immediate" },
    );
    const failed = await deliverInvitations([invitation], "The CLN Action Learning Sets team");
    console.log(`Invited ${parsed.data.name} <${parsed.data.email}> as a CLN admin${failed ? " (the email could not be sent)" : ` (email via ${mailer.describe})`}.`);
    console.log(`Invitation link (single use, 7 days): ${new URL(`/invitation/${invitation.token}`, env.APP_ORIGIN)}`);
    return 0;
  } finally {
    conn.sqlite.close();
  }
}

// Settings may come from a .env file, as for the server (see .env.example); real environment variables win.
if (existsSync(".env")) process.loadEnvFile(".env");

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, (args: string[]) => Promise<number>> = {
  "create-admin": createAdmin,
  redact: async (args) => (await import("./redact")).redactCommand(args),
  themes: async (args) => (await import("./themes")).themesCommand(args),
  export: async (args) => (await import("./export")).exportCommand(args),
  backup: async (args) => (await import("./backup")).backupCommand(args),
  restore: async (args) => (await import("./backup")).restoreCommand(args),
};
const run = command ? commands[command] : undefined;
if (!run) {
  console.error(USAGE);
  process.exit(2);
}
process.exit(await run(rest));
