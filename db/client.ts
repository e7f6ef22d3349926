/**
 * Opens the one SQLite connection a process uses. See
 * docs/decisions/0003-sqlite-settings.md for why each pragma is set.
 */
import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type DB = BetterSQLite3Database<typeof schema>;
export type Connection = { sqlite: Database.Database; db: DB; path: string };

export const BUSY_TIMEOUT_MS = 5000;

/** Each pragma with the value it must read back as; a mismatch is fatal. */
const PRAGMAS: Array<[name: string, set: string, expect: string | number]> = [
  ["journal_mode", "WAL", "wal"],
  ["synchronous", "FULL", 2],
  ["foreign_keys", "ON", 1],
  ["busy_timeout", String(BUSY_TIMEOUT_MS), BUSY_TIMEOUT_MS],
];

export class PragmaError extends Error {}

export function applyPragmas(sqlite: Database.Database) {
  for (const [name, value, expected] of PRAGMAS) {
    sqlite.pragma(`${name} = ${value}`);
    const actual = sqlite.pragma(name, { simple: true });
    const got = typeof actual === "string" ? actual.toLowerCase() : actual;
    if (got !== expected) {
      throw new PragmaError(
        `SQLite pragma ${name} did not take: wanted ${expected}, got ${String(actual)} (database ${sqlite.name})`,
      );
    }
  }
}

export function openDatabase(path: string): Connection {
  const absolute = path === ":memory:" ? path : resolve(path);
  if (absolute !== ":memory:") mkdirSync(dirname(absolute), { recursive: true });
  const sqlite = new Database(absolute);
  try {
    applyPragmas(sqlite);
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return { sqlite, db: drizzle(sqlite, { schema }), path: absolute };
}

export function migrationsFolder() {
  return resolve(process.env.MIGRATIONS_PATH ?? "db/migrations");
}

export function runMigrations(connection: Connection) {
  migrate(connection.db, { migrationsFolder: migrationsFolder() });
}
