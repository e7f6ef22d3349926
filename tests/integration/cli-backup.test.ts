/**
 * `npm run -s als -- backup` and `restore` as an operator runs them: a real
 * child process with DATABASE_PATH in its environment, against databases
 * built with openDatabase + runMigrations in temporary folders. Every test
 * opens the files afterwards and checks what is in them.
 */
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import Database from "better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, runMigrations } from "~db/client";
import { als, BARE_ENV, ROOT } from "../helpers/cli";

type Journal = { entries: Array<{ when: number; tag: string }> };
const journal = () => JSON.parse(readFileSync(resolve(ROOT, "db/migrations/meta/_journal.json"), "utf8")) as Journal;

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "als-backup-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const envFor = (databasePath: string): NodeJS.ProcessEnv => ({ ...BARE_ENV, DATABASE_PATH: databasePath, LOG_LEVEL: "silent" });
const backup = (databasePath: string, to: string) => als(["backup", "--to", to], "", envFor(databasePath));
const restore = (from: string, to: string) => als(["restore", "--from", from, "--to", to], "", envFor(join(dir, "settings-database-not-used.sqlite")));

const sha256 = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

/** A migrated database with a region of its own, `footprints` footprints in it and a few audit rows. */
function makeDatabase(path: string, label: string, footprints = 3) {
  const conn = openDatabase(path);
  runMigrations(conn);
  conn.sqlite.transaction(() => {
    conn.sqlite.prepare("insert into regions (id, name) values (?, ?)").run(`region-${label}`, `Region ${label}`);
    const footprint = conn.sqlite.prepare("insert into footprints (id, region_id, name) values (?, ?, ?)");
    for (let i = 1; i <= footprints; i++) footprint.run(`fp-${label}-${i}`, i % 2 ? `region-${label}` : "london", `Footprint ${label} ${i}`);
    const entry = conn.sqlite.prepare("insert into audit_log (at, action, target_type, target_id) values (?, 'test_entry', 'footprint', ?)");
    for (let i = 1; i <= footprints; i++) entry.run(Date.now(), `fp-${label}-${i}`);
  })();
  conn.sqlite.close();
}

function readOnly<T>(path: string, read: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const integrity = (db: Database.Database) => db.pragma("integrity_check", { simple: true });
const footprintNames = (db: Database.Database) => db.prepare("select name from footprints order by name").pluck().all() as string[];
const migrationCount = (db: Database.Database) => db.prepare("select count(*) from __drizzle_migrations").pluck().get() as number;

/** Row counts of every table. */
function rowCounts(db: Database.Database) {
  const tables = db.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").pluck().all() as string[];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`select count(*) from "${t}"`).pluck().get() as number]));
}

/** A good backup made by the command itself, of a database with footprints labelled `label`. */
async function goodBackup(label: string) {
  const source = join(dir, `source-${label}.sqlite`);
  makeDatabase(source, label);
  const file = join(dir, `backup-${label}.sqlite`);
  const result = await backup(source, file);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return file;
}

describe("als backup", () => {
  it("takes a consistent copy while another connection keeps writing, and that copy restores", async () => {
    const source = join(dir, "live.sqlite");
    makeDatabase(source, "live");
    const conn = openDatabase(source);
    // As on a busy server, recent commits stay in als.sqlite-wal (no checkpoint), so a plain
    // copy of the database file would miss them.
    conn.sqlite.pragma("wal_autocheckpoint = 0");
    // About 16 MB, so the copy takes several steps and the writer below makes SQLite start it again.
    conn.sqlite.transaction(() => {
      const bulk = conn.sqlite.prepare("insert into audit_log (at, action, detail) values (?, 'bulk', ?)");
      for (let i = 0; i < 8000; i++) bulk.run(Date.now(), JSON.stringify({ pad: "x".repeat(2000), i }));
    })();

    // One committed row about every millisecond (a very busy server), numbered 1, 2, 3, ... in target_id.
    const write = conn.sqlite.prepare("insert into audit_log (at, action, target_type, target_id) values (?, 'writer', 'row', ?)");
    let committed = 0;
    let writing = true;
    const writer = new Promise<void>((done) => {
      const tick = () => {
        if (!writing) return done();
        write.run(Date.now(), String(committed + 1));
        committed++;
        setTimeout(tick, 1);
      };
      tick();
    });
    while (committed < 50) await new Promise((r) => setTimeout(r, 5));

    const file = join(dir, "als-online.sqlite");
    const committedBeforeStart = committed;
    const result = await backup(source, file);
    const committedByEnd = committed;
    writing = false;
    await writer;
    conn.sqlite.close();

    expect(result.stderr).not.toMatch(/refus|fail|damaged/i);
    expect(result.code, result.stderr).toBe(0);
    expect(committedByEnd).toBeGreaterThan(committedBeforeStart); // the source really was being written during the backup
    expect(existsSync(`${file}.partial`)).toBe(false);

    // The one line on stdout: the file, its size, its migrations and its SHA-256, all true of the file.
    const line = result.stdout.trim();
    expect(line.split("\n")).toHaveLength(1);
    const [, named, bytes, migrations, digest] = line.match(/ to (.+): ([\d,]+) bytes, ([\d,]+) migrations?, SHA-256 ([0-9a-f]{64})$/) ?? [];
    expect(named).toBe(file);
    expect(Number(bytes.replace(/,/g, ""))).toBe(statSync(file).size);
    expect(Number(migrations)).toBe(journal().entries.length);
    expect(digest).toBe(sha256(file));

    // The backup is a whole, checked, self-contained snapshot: every row committed before it
    // started, the writer's rows a gap-free prefix, nothing torn.
    readOnly(file, (db) => {
      expect(integrity(db)).toBe("ok");
      expect(db.pragma("journal_mode", { simple: true })).toBe("delete");
      expect(db.prepare("select count(*) from audit_log where action = 'bulk'").pluck().get()).toBe(8000);
      const rows = db.prepare("select cast(target_id as integer) from audit_log where action = 'writer' order by 1").pluck().all() as number[];
      expect(rows.length).toBeGreaterThanOrEqual(committedBeforeStart);
      expect(rows.length).toBeLessThanOrEqual(committedByEnd);
      expect(rows).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
    });

    // Recorded in the source's audit log: the file name and size, not the path or any content.
    const entries = readOnly(source, (db) => db.prepare("select actor_id, detail, ip from audit_log where action = 'database_backed_up'").all());
    expect(entries).toEqual([{ actor_id: null, detail: JSON.stringify({ file: "als-online.sqlite", bytes: statSync(file).size }), ip: "command line" }]);

    // And it restores to a database that passes integrity_check and holds the same rows.
    const restored = join(dir, "restored", "als.sqlite");
    const back = await restore(file, restored);
    expect(back.code).toBe(0);
    readOnly(restored, (db) => {
      expect(integrity(db)).toBe("ok");
      const rows = db.prepare("select cast(target_id as integer) from audit_log where action = 'writer' order by 1").pluck().all() as number[];
      expect(rows.length).toBeGreaterThanOrEqual(committedBeforeStart);
      expect(rows).toEqual(Array.from({ length: rows.length }, (_, i) => i + 1));
      expect(footprintNames(db)).toEqual(["Footprint live 1", "Footprint live 2", "Footprint live 3"]);
    });
  }, 60_000);

  it("refuses a target file that already exists and leaves it as it was", async () => {
    const source = join(dir, "als.sqlite");
    makeDatabase(source, "a");
    const file = join(dir, "backup.sqlite");
    writeFileSync(file, "last week's backup, not to be replaced\n");
    const before = sha256(file);

    const result = await backup(source, file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/already exists.*never overwrites/);
    expect(result.stdout).toBe("");
    expect(sha256(file)).toBe(before);
    expect(readFileSync(file, "utf8")).toBe("last week's backup, not to be replaced\n");
    expect(existsSync(`${file}.partial`)).toBe(false);
    expect(readOnly(source, (db) => db.prepare("select count(*) from audit_log where action = 'database_backed_up'").pluck().get())).toBe(0);
  }, 30_000);

  it("refuses when the database or the destination folder does not exist, and creates neither", async () => {
    const missing = join(dir, "data", "als.sqlite");
    const noSource = await backup(missing, join(dir, "backup.sqlite"));
    expect(noSource.code).toBe(1);
    expect(noSource.stderr).toMatch(/There is no database at .*nothing to back up/);
    expect(existsSync(missing)).toBe(false);
    expect(existsSync(join(dir, "data"))).toBe(false);
    expect(existsSync(join(dir, "backup.sqlite"))).toBe(false);

    const source = join(dir, "als.sqlite");
    makeDatabase(source, "a");
    const noFolder = await backup(source, join(dir, "backups", "b.sqlite"));
    expect(noFolder.code).toBe(1);
    expect(noFolder.stderr).toMatch(/The folder .*backups does not exist/);
    expect(existsSync(join(dir, "backups"))).toBe(false);
  }, 30_000);

  it("copies a database from older code as it is, without migrating it; restore brings it up to date", async () => {
    // Only the first three migrations, as an older version of the code had them.
    const older = join(dir, "older-migrations");
    mkdirSync(join(older, "meta"), { recursive: true });
    const entries = journal().entries.slice(0, 3);
    writeFileSync(join(older, "meta", "_journal.json"), JSON.stringify({ ...journal(), entries }));
    for (const e of entries) copyFileSync(resolve(ROOT, "db/migrations", `${e.tag}.sql`), join(older, `${e.tag}.sql`));
    const source = join(dir, "older.sqlite");
    const conn = openDatabase(source);
    migrate(conn.db, { migrationsFolder: older });
    conn.sqlite.prepare("insert into footprints (id, region_id, name) values ('fp-old', 'london', 'Old footprint')").run();
    conn.sqlite.close();

    const file = join(dir, "older-backup.sqlite");
    const made = await backup(source, file);
    expect(made.code).toBe(0);
    expect(made.stdout).toMatch(/, 3 migrations, SHA-256 /);
    expect(readOnly(source, migrationCount)).toBe(3); // the source was not migrated
    expect(readOnly(file, migrationCount)).toBe(3);

    const target = join(dir, "als.sqlite");
    const back = await restore(file, target);
    expect(back.code).toBe(0);
    const all = journal().entries.length;
    expect(back.stdout).toContain(`${all} migrations (${all - 3} applied now)`);
    readOnly(target, (db) => {
      expect(integrity(db)).toBe("ok");
      expect(migrationCount(db)).toBe(all);
      expect(footprintNames(db)).toEqual(["Old footprint"]);
    });
  }, 30_000);
});

describe("als restore", () => {
  it("refuses a file that is not SQLite, a truncated copy, a damaged copy and one from newer code, and leaves the database alone", async () => {
    const file = await goodBackup("backup");
    const target = join(dir, "als.sqlite");
    makeDatabase(target, "current");
    const before = sha256(target);
    const listing = () => readdirSync(dir).sort();

    const notSqlite = join(dir, "notes.sqlite");
    writeFileSync(notSqlite, "This is a spreadsheet export, not a database.\n".repeat(200));
    const truncated = join(dir, "truncated.sqlite");
    const whole = readFileSync(file);
    writeFileSync(truncated, whole.subarray(0, Math.floor(whole.length / 2)));
    const damaged = join(dir, "damaged.sqlite");
    const broken = Buffer.from(whole);
    const pageSize = broken.readUInt16BE(16);
    for (let page = 2; page * pageSize < broken.length; page += 3) broken.fill(0x5a, page * pageSize, page * pageSize + 64);
    writeFileSync(damaged, broken);
    const newer = join(dir, "newer.sqlite");
    copyFileSync(file, newer);
    const last = Math.max(...journal().entries.map((e) => e.when));
    const db = new Database(newer);
    db.prepare("insert into __drizzle_migrations (hash, created_at) values ('from-a-later-version', ?)").run(last + 60_000);
    db.close();
    const otherApp = join(dir, "other-app.sqlite");
    const other = new Database(otherApp);
    other.exec("create table notes (id integer primary key, text text); insert into notes (text) values ('not ours')");
    other.close();
    const files = listing();

    const cases: Array<[string, RegExp]> = [
      [notSqlite, /is not an SQLite database/],
      [truncated, /is damaged/],
      [damaged, /is damaged/],
      [newer, /was made by a newer version of the app/],
      [otherApp, /not a backup of this app's database/],
      [join(dir, "no-such-backup.sqlite"), /There is no backup file at/],
    ];
    for (const [from, message] of cases) {
      const result = await restore(from, target);
      expect(result.stderr, basename(from)).toMatch(message);
      expect(result.code, basename(from)).toBe(1);
      expect(result.stdout).toBe("");
      expect(sha256(target)).toBe(before);
      expect(listing()).toEqual(files); // nothing moved aside, no .partial left
    }
    readOnly(target, (db) => {
      expect(integrity(db)).toBe("ok");
      expect(footprintNames(db)).toEqual(["Footprint current 1", "Footprint current 2", "Footprint current 3"]);
    });
  }, 60_000);

  it("moves the database that was there aside, with what a killed server left in its -wal file, instead of overwriting it", async () => {
    const file = await goodBackup("backup");
    const target = join(dir, "als.sqlite");
    makeDatabase(target, "current");
    // A server killed mid-flight: its last commit is only in als.sqlite-wal.
    const killed = spawnSync(
      process.execPath,
      [
        "-e",
        `const db = new (require("better-sqlite3"))(process.argv[1]);
         db.pragma("journal_mode = WAL"); db.pragma("synchronous = FULL");
         db.prepare("insert into footprints (id, region_id, name) values ('fp-late', 'london', 'Footprint current late')").run();
         process.kill(process.pid, "SIGKILL");`,
        target,
      ],
      { cwd: ROOT },
    );
    expect(killed.signal).toBe("SIGKILL");
    expect(statSync(`${target}-wal`).size).toBeGreaterThan(0);

    const result = await restore(file, target);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const aside = result.stdout.match(/The database that was there is now (.+)\.\n$/)?.[1];
    expect(aside).toMatch(/als\.sqlite\.before-restore-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\dZ$/);
    // Nothing of the old database is lost, its last commit included, and nothing of it is left at the target.
    readOnly(aside!, (db) => {
      expect(integrity(db)).toBe("ok");
      expect(footprintNames(db)).toEqual(["Footprint current 1", "Footprint current 2", "Footprint current 3", "Footprint current late"]);
    });
    readOnly(target, (db) => {
      expect(integrity(db)).toBe("ok");
      expect(footprintNames(db)).toEqual(["Footprint backup 1", "Footprint backup 2", "Footprint backup 3"]);
    });
    expect(readdirSync(dir).filter((f) => f.endsWith(".partial"))).toEqual([]);
  }, 30_000);

  it("refuses while another process has the database open", async () => {
    const file = await goodBackup("backup");
    const target = join(dir, "als.sqlite");
    makeDatabase(target, "current");
    const running = openDatabase(target); // as the server would hold it
    try {
      const before = readdirSync(dir).sort();
      const result = await restore(file, target);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/open in another process\. Stop the server/);
      expect(readdirSync(dir).sort()).toEqual(before);
      expect(footprintNames(running.sqlite)).toEqual(["Footprint current 1", "Footprint current 2", "Footprint current 3"]);
    } finally {
      running.sqlite.close();
    }
  }, 30_000);

  it("gives a database that opens with openDatabase + runMigrations and has the rows the source had", async () => {
    const source = join(dir, "source.sqlite");
    makeDatabase(source, "counted", 25);
    const counts = readOnly(source, rowCounts);
    const names = readOnly(source, footprintNames);
    const file = join(dir, "counted-backup.sqlite");
    expect((await backup(source, file)).code).toBe(0);

    // Into the settings' DATABASE_PATH (no --to), on a machine where its folder does not exist yet.
    const target = join(dir, "new-machine", "data", "als.sqlite");
    const result = await als(["restore", "--from", file], "", envFor(target));
    expect(result.code).toBe(0);
    const all = journal().entries.length;
    expect(result.stdout.trim()).toBe(`Restored ${file} into ${target}: ${all} migrations (0 applied now), 0 users, 0 cohorts, 0 meetings, 0 actions.`);

    const conn = openDatabase(target);
    try {
      runMigrations(conn);
      expect(integrity(conn.sqlite)).toBe("ok");
      expect(conn.sqlite.pragma("foreign_key_check")).toEqual([]);
      expect(footprintNames(conn.sqlite)).toEqual(names);
      expect(counts.footprints).toBe(25);
      // The same rows in every table, and one more audit entry: the restore itself.
      expect(rowCounts(conn.sqlite)).toEqual({ ...counts, audit_log: counts.audit_log + 1 });
      const restoredEntry = conn.sqlite.prepare("select detail from audit_log where action = 'database_restored'").pluck().all();
      expect(restoredEntry).toEqual([JSON.stringify({ file: "counted-backup.sqlite", bytes: statSync(file).size, migrationsApplied: 0 })]);
    } finally {
      conn.sqlite.close();
    }
  }, 30_000);
});
