/**
 * `npm run -s als -- backup --to FILE` and
 * `npm run -s als -- restore --from FILE [--to PATH]`: backups with a tested
 * restore (docs/decisions/0003-sqlite-settings.md, "Backups").
 *
 * backup copies the database at DATABASE_PATH with SQLite's online backup
 * API, so it is safe while the server runs and writes. It never overwrites a
 * file and never runs migrations on the source. The copy is written to
 * FILE.partial, checked (integrity_check, foreign_key_check, the same
 * migrations as the source), and only then given its final name, so a file
 * with the final name is always a whole, checked backup. It is recorded in the
 * source database's audit log (the file name and size only).
 *
 * restore checks FILE first (an SQLite database, integrity_check, no
 * migrations this version of the code does not know), copies it next to PATH
 * with the backup API, checks the copy, and only then moves whatever is at
 * PATH (and its -wal, -shm, -journal files) aside to
 * PATH.before-restore-<time> and puts the copy in its place; then it applies
 * any migrations the backup is missing. Nothing is deleted. The server must be
 * stopped: restore refuses a database another process has open.
 *
 * Both exit 0 when done, 1 when they refused or failed (a message on stderr
 * says why, and what, if anything, was changed), 2 for a usage error.
 */
import { createHash } from "node:crypto";
import { closeSync, createReadStream, existsSync, fsyncSync, linkSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, unlinkSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { type Connection, migrationsFolder, openDatabase, runMigrations } from "~db/client";
import { audit } from "~/models/audit.server";
import { parseEnv } from "~/server/env.server";

export const BACKUP_USAGE =
  "usage: npm run -s als -- backup --to backups/als-2026-11-23.sqlite\n" +
  "       Copies the database at DATABASE_PATH while the server runs; never overwrites an existing file.";
export const RESTORE_USAGE =
  "usage: npm run -s als -- restore --from backups/als-2026-11-23.sqlite [--to data/als.sqlite]\n" +
  "       Stop the server first. Restores into --to (default: DATABASE_PATH); the database there is moved aside, not deleted.";

/** Pages copied per step of the backup API to begin with (4 MB with 4 KB pages). */
const FIRST_STEP_PAGES = 1024;
const PROGRESS_EVERY_MS = 1000;
/** Tries at recording the backup in the audit log, each waiting up to the connection's busy_timeout (5 s). */
const AUDIT_ATTEMPTS = 6;
const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");
/** The files SQLite keeps beside a database. */
const COMPANIONS = ["-wal", "-shm", "-journal"];

class Refusal extends Error {}

const count = (n: number) => n.toLocaleString("en-GB");
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

function parse(args: string[], options: Record<string, { type: "string" }>, usage: string) {
  try {
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: true });
    if (positionals.length) throw new Error(`Unexpected argument: ${positionals[0]}`);
    return values as Record<string, string | undefined>;
  } catch (error) {
    console.error((error as Error).message);
    console.error(usage);
    return null;
  }
}

/** The migrations recorded in a database, or null when it has no migrations table. */
function appliedMigrations(db: Database.Database): number[] | null {
  const table = db.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  if (!table) return null;
  return (db.prepare("select created_at from __drizzle_migrations").pluck().all() as Array<number | string>).map(Number);
}

/** The migrations this version of the code has, by the time drizzle records for each. */
function knownMigrations(): Array<{ when: number; tag: string }> {
  const journal = JSON.parse(readFileSync(join(migrationsFolder(), "meta", "_journal.json"), "utf8")) as { entries: Array<{ when: number; tag: string }> };
  return journal.entries;
}

/**
 * integrity_check and foreign_key_check on an open database; throws a
 * Refusal naming `what` when either finds a problem (or SQLite cannot read it).
 */
function checkDatabase(db: Database.Database, what: string) {
  let problems: string[];
  try {
    problems = (db.pragma("integrity_check") as Array<{ integrity_check: string }>).map((r) => r.integrity_check);
  } catch (error) {
    throw new Refusal(`${what} is damaged: SQLite could not read it (${(error as Error).message}).`);
  }
  if (problems.length !== 1 || problems[0] !== "ok") {
    const shown = problems.slice(0, 3).join("; ");
    throw new Refusal(`${what} is damaged: PRAGMA integrity_check found ${plural(problems.length, "problem")} (${shown}${problems.length > 3 ? "; ..." : ""}).`);
  }
  const orphans = db.pragma("foreign_key_check") as Array<{ table: string; parent: string }>;
  if (orphans.length) {
    const tables = [...new Set(orphans.map((o) => `${o.table} -> ${o.parent}`))].slice(0, 3).join(", ");
    throw new Refusal(`${what} fails PRAGMA foreign_key_check: ${plural(orphans.length, "row")} point at rows that do not exist (${tables}).`);
  }
}

/**
 * A copy made by the backup API keeps the source's WAL flag, and opening a
 * WAL database leaves -wal and -shm files beside it. Switching the copy to a
 * rollback journal makes it one self-contained file (openDatabase switches a
 * restored database back to WAL).
 */
function makeSelfContained(path: string) {
  const db = new Database(path, { fileMustExist: true });
  try {
    db.pragma("journal_mode = DELETE");
  } finally {
    db.close();
  }
}

/** Opens a copy read-only and checks it; returns its migrations. */
function verifyCopy(path: string, what: string, expectedMigrations: number[] | null): number[] | null {
  makeSelfContained(path);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    checkDatabase(db, what);
    const migrations = appliedMigrations(db);
    if ((migrations?.length ?? 0) !== (expectedMigrations?.length ?? 0)) {
      throw new Refusal(`${what} has ${plural(migrations?.length ?? 0, "migration")} recorded, but the database it was copied from has ${count(expectedMigrations?.length ?? 0)}.`);
    }
    return migrations;
  } finally {
    db.close();
  }
}

/**
 * The backup API's progress callback: a line on stderr at most once a second
 * (so only for a copy that takes that long), and bigger steps each time SQLite
 * starts the copy again because another connection wrote to the source, so a
 * busy server cannot keep a backup from finishing.
 */
function progress(label: string) {
  const started = Date.now();
  let shown = started;
  let lastCopied = -1;
  let step = FIRST_STEP_PAGES;
  let restarts = 0;
  return ({ totalPages, remainingPages }: { totalPages: number; remainingPages: number }) => {
    const copied = totalPages - remainingPages;
    if (lastCopied >= 0 && copied < lastCopied + step) {
      restarts++;
      step = Math.min(step * 4, 0x7fffffff);
    }
    lastCopied = copied;
    const now = Date.now();
    if (now - shown >= PROGRESS_EVERY_MS) {
      shown = now;
      const percent = totalPages ? Math.floor((copied / totalPages) * 100) : 100;
      const again = restarts ? `; started again ${plural(restarts, "time")} because the database changed` : "";
      console.error(`${label}: ${count(copied)} of ${count(totalPages)} pages copied (${percent}%)${again}`);
    }
    return step;
  };
}

/** Flushes a file (or a folder's entries, where the system allows it) to disk. */
function fsyncPath(path: string, folder = false) {
  let fd: number | undefined;
  try {
    fd = openSync(path, "r");
    fsyncSync(fd);
  } catch (error) {
    if (!folder) throw error;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Gives `from` the name `to` without ever replacing a file already called `to`. */
function renameNoClobber(from: string, to: string) {
  const appeared = () => new Refusal(`${to} appeared while the backup was being made; it was left as it is.`);
  try {
    linkSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw appeared();
    // Some file systems have no hard links: check, then rename.
    if (existsSync(to)) throw appeared();
    renameSync(from, to);
    return;
  }
  unlinkSync(from);
}

function removeWithCompanions(path: string) {
  for (const suffix of ["", ...COMPANIONS]) rmSync(path + suffix, { force: true });
}

/** Creates `path` as an empty file, refusing if it exists (so two runs cannot share it). */
function claim(path: string, leftOver: string) {
  try {
    closeSync(openSync(path, "wx"));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new Refusal(leftOver);
    throw error;
  }
}

async function sha256(path: string) {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

function isSqliteFile(path: string) {
  const fd = openSync(path, "r");
  try {
    const header = Buffer.alloc(SQLITE_HEADER.length);
    const read = readSync(fd, header, 0, header.length, 0);
    return read === header.length && header.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

/**
 * Whether another connection (the server, most likely) has the database open.
 * An idle WAL connection keeps a shared lock on the file, so an exclusive lock
 * is refused while one exists. When nobody has it open, the probe is the last
 * connection to close, so SQLite checkpoints any -wal file a killed server
 * left into the database file, as the server itself would on its next start:
 * no committed data is lost, and the database moved aside is self-contained.
 */
function inUse(path: string) {
  let probe: Database.Database | undefined;
  try {
    probe = new Database(path, { fileMustExist: true, timeout: 0 });
    probe.pragma("locking_mode = EXCLUSIVE");
    probe.exec("BEGIN EXCLUSIVE");
    probe.exec("ROLLBACK");
    return false;
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? "");
    return code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED");
  } finally {
    probe?.close();
  }
}

function tableCount(db: Database.Database, table: string) {
  const exists = db.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(table);
  return exists ? (db.prepare(`select count(*) from "${table}"`).pluck().get() as number) : 0;
}

function fail(error: unknown) {
  if (error instanceof Refusal) console.error(error.message);
  else console.error(`Failed: ${(error as Error)?.message ?? String(error)}`);
  return 1;
}

export async function backupCommand(args: string[]): Promise<number> {
  const values = parse(args, { to: { type: "string" } }, BACKUP_USAGE);
  if (!values) return 2;
  if (!values.to) {
    console.error("Give the file to write the backup to with --to.");
    console.error(BACKUP_USAGE);
    return 2;
  }
  const env = parseEnv();
  const source = resolve(env.DATABASE_PATH);
  const target = resolve(values.to);
  const partial = `${target}.partial`;
  if (!existsSync(source)) {
    console.error(`There is no database at ${source} (DATABASE_PATH): nothing to back up.`);
    return 1;
  }
  if (existsSync(target)) {
    console.error(`${target} already exists. A backup never overwrites a file: choose a new name.`);
    return 1;
  }
  const folder = dirname(target);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    console.error(`The folder ${folder} does not exist. Create it first (for example mkdir -p ${folder}).`);
    return 1;
  }

  let conn: Connection;
  try {
    conn = openDatabase(source);
  } catch (error) {
    console.error(`The database at ${source} could not be opened: ${(error as Error).message}`);
    return 1;
  }
  let claimed = false;
  let finished = false;
  try {
    claim(partial, `${partial} already exists: another backup is running, or one was interrupted. If none is running, delete it and try again.`);
    claimed = true;
    await conn.sqlite.backup(partial, { progress: progress("Backing up") });
    const sourceMigrations = appliedMigrations(conn.sqlite);
    const migrations = verifyCopy(partial, `The copy ${partial}`, sourceMigrations);
    fsyncPath(partial);
    renameNoClobber(partial, target);
    finished = true;
    fsyncPath(folder, true);

    const bytes = statSync(target).size;
    const digest = await sha256(target);
    console.log(`Backed up ${source} to ${target}: ${count(bytes)} bytes, ${plural(migrations?.length ?? 0, "migration")}, SHA-256 ${digest}`);
    // A busy server can hold the write lock past one busy_timeout: the backup is done, so keep trying for a while.
    for (let attempt = 1; ; attempt++) {
      try {
        audit({ actorId: null, action: "database_backed_up", detail: { file: basename(target), bytes }, ip: "command line" }, conn.db);
        return 0;
      } catch (error) {
        if ((error as { code?: string }).code === "SQLITE_BUSY" && attempt < AUDIT_ATTEMPTS) continue;
        console.error(`The backup is complete and checked, but it could not be recorded in the audit log: ${(error as Error).message}`);
        return 1;
      }
    }
  } catch (error) {
    return fail(error);
  } finally {
    conn.sqlite.close();
    if (claimed && !finished) removeWithCompanions(partial);
  }
}

export async function restoreCommand(args: string[]): Promise<number> {
  const values = parse(args, { from: { type: "string" }, to: { type: "string" } }, RESTORE_USAGE);
  if (!values) return 2;
  if (!values.from) {
    console.error("Give the backup to restore with --from.");
    console.error(RESTORE_USAGE);
    return 2;
  }
  const file = resolve(values.from);
  const target = resolve(values.to ?? parseEnv().DATABASE_PATH);
  const partial = `${target}.partial`;

  if (!existsSync(file) || !statSync(file).isFile()) {
    console.error(`There is no backup file at ${file}. Nothing was changed.`);
    return 1;
  }
  if (file === target) {
    console.error(`${file} is the database itself: restore from a backup file. Nothing was changed.`);
    return 1;
  }
  if (existsSync(target) && !statSync(target).isFile()) {
    console.error(`${target} is not a file. Nothing was changed.`);
    return 1;
  }

  let backup: Database.Database | undefined;
  let claimed = false;
  let placed = false;
  let aside: string | null = null;
  try {
    if (!isSqliteFile(file)) throw new Refusal(`${file} is not an SQLite database.`);
    try {
      backup = new Database(file, { readonly: true, fileMustExist: true });
    } catch (error) {
      throw new Refusal(`${file} cannot be opened as an SQLite database (${(error as Error).message}).`);
    }
    checkDatabase(backup, `The backup ${file}`);
    const migrations = appliedMigrations(backup);
    if (!migrations) throw new Refusal(`${file} is an SQLite database but not a backup of this app's database (it has no migrations table).`);
    const known = knownMigrations();
    const knownTimes = new Set(known.map((m) => m.when));
    const unknown = migrations.filter((when) => !knownTimes.has(when));
    if (unknown.length || migrations.length > known.length) {
      throw new Refusal(
        `${file} was made by a newer version of the app: it has ${plural(migrations.length, "migration")} applied, ` +
          `${count(unknown.length)} of them unknown to this version (which has ${count(known.length)}). Restore it with the version that made it, or a later one.`,
      );
    }
    if (existsSync(target) && inUse(target)) {
      throw new Refusal(`${target} is open in another process. Stop the server (and anything else using the database) before restoring.`);
    }

    mkdirSync(dirname(target), { recursive: true });
    claim(partial, `${partial} already exists: another restore is running, or one was interrupted. If none is running, delete it and try again.`);
    claimed = true;
    await backup.backup(partial, { progress: progress("Restoring") });
    backup.close();
    backup = undefined;
    verifyCopy(partial, `The copy ${partial}`, migrations);
    fsyncPath(partial);

    // Only now, with a checked copy ready, is anything at the target touched.
    const present = ["", ...COMPANIONS].filter((suffix) => existsSync(target + suffix));
    if (present.length) {
      if (existsSync(target) && inUse(target)) {
        throw new Refusal(`${target} is open in another process. Stop the server (and anything else using the database) before restoring.`);
      }
      const stamp = new Date().toISOString().replace(/\.\d+Z$/, "Z").replace(/:/g, "-");
      aside = `${target}.before-restore-${stamp}`;
      for (let n = 2; ["", ...COMPANIONS].some((suffix) => existsSync(aside + suffix)); n++) aside = `${target}.before-restore-${stamp}-${n}`;
      for (const suffix of present) renameSync(target + suffix, aside + suffix);
    }
    renameSync(partial, target);
    placed = true;
    fsyncPath(dirname(target), true);

    const conn = openDatabase(target);
    try {
      runMigrations(conn);
      const now = appliedMigrations(conn.sqlite)?.length ?? 0;
      const applied = now - migrations.length;
      const counts = (["users", "cohorts", "meetings", "actions"] as const).map((table) => `${plural(tableCount(conn.sqlite, table), table.replace(/s$/, ""))}`);
      audit({ actorId: null, action: "database_restored", detail: { file: basename(file), bytes: statSync(file).size, migrationsApplied: applied }, ip: "command line" }, conn.db);
      console.log(
        `Restored ${file} into ${target}: ${plural(now, "migration")} (${count(applied)} applied now), ${counts.join(", ")}.` +
          (aside ? ` The database that was there is now ${aside}.` : ""),
      );
    } finally {
      conn.sqlite.close();
    }
    return 0;
  } catch (error) {
    fail(error);
    if (placed) {
      console.error(`The backup was put in place at ${target} but could not be opened and brought up to date.` + (aside ? ` The database that was there is now ${aside}.` : ""));
    } else if (aside) {
      console.error(`The database that was there was moved to ${aside}; move it back to ${target} to undo.`);
    } else {
      console.error(`Nothing was changed at ${target}.`);
    }
    return 1;
  } finally {
    backup?.close();
    if (claimed && !placed) removeWithCompanions(partial);
  }
}
