import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { BUSY_TIMEOUT_MS, openDatabase, PragmaError, runMigrations } from "./client";

const dirs: string[] = [];
const tempPath = () => {
  const dir = mkdtempSync(join(tmpdir(), "als-db-"));
  dirs.push(dir);
  return join(dir, "nested", "app.sqlite");
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("openDatabase", () => {
  it("opens with WAL, synchronous=FULL, foreign keys and a busy timeout", () => {
    const conn = openDatabase(tempPath());
    expect(conn.sqlite.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(conn.sqlite.pragma("synchronous", { simple: true })).toBe(2);
    expect(conn.sqlite.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(conn.sqlite.pragma("busy_timeout", { simple: true })).toBe(BUSY_TIMEOUT_MS);
    conn.sqlite.close();
  });

  it("fails loudly when a pragma does not take (an in-memory database cannot use WAL)", () => {
    expect(() => openDatabase(":memory:")).toThrow(PragmaError);
    expect(() => openDatabase(":memory:")).toThrow(/journal_mode/);
  });

  it("applies the committed migrations, idempotently, and enforces foreign keys", () => {
    const path = tempPath();
    const conn = openDatabase(path);
    runMigrations(conn);
    runMigrations(conn);
    const tables = conn.sqlite
      .prepare("select name from sqlite_master where type = 'table' order by name")
      .all()
      .map((r) => (r as { name: string }).name);
    for (const t of ["users", "sessions", "cohorts", "cohort_memberships", "audit_log", "organisations", "footprints"]) {
      expect(tables).toContain(t);
    }
    expect(() =>
      conn.sqlite.prepare("insert into footprints (id, region_id, name) values ('f1', 'no-such-region', 'X')").run(),
    ).toThrow(/FOREIGN KEY/);
    expect(conn.sqlite.pragma("integrity_check", { simple: true })).toBe("ok");
    conn.sqlite.close();
  });
});
