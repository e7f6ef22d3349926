/**
 * The national synthetic programme (scripts/seed-national.ts) at a small
 * scale: all 42 footprints, shared items that carry nothing but their kind,
 * text, footprint, month and existing theme ids, proposals that belong to the
 * right sets, no broken foreign keys, the same database from the same seed,
 * and no overwriting an existing file without --force.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLOTS } from "../../scripts/national-text";
import { seedNational, type SeedSummary } from "../../scripts/seed-national";

const ROOT = resolve(__dirname, "../..");
const NOW = new Date("2026-05-15T12:00:00Z");
const SCALE = 0.005;

let dir: string;
let path: string;
let summary: SeedSummary;
let db: Database.Database;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "seed-national-"));
  path = join(dir, "national.sqlite");
  summary = seedNational({ path, scale: SCALE, seed: 42, now: NOW });
  db = new Database(path, { readonly: true });
});

afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const all = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[];
const one = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).get(...params) as T;
const n = (sql: string) => one<{ n: number }>(sql).n;

describe("the national synthetic programme", () => {
  it("has all 42 footprints of England, in the seven regions, and a small programme at this scale", () => {
    const footprints = all<{ name: string; region_id: string }>("select name, region_id from footprints");
    expect(footprints).toHaveLength(42);
    expect(new Set(footprints.map((f) => f.name)).size).toBe(42);
    expect(footprints).toContainEqual({ name: "Greater Manchester", region_id: "north-west" });
    expect(footprints).toContainEqual({ name: "Cornwall and the Isles of Scilly", region_id: "south-west" });
    expect(new Set(footprints.map((f) => f.region_id)).size).toBe(7);
    expect(n("select count(*) as n from organisations")).toBeGreaterThanOrEqual(42 * 3);
    expect(n("select count(*) as n from cohorts")).toBe(Math.round(5_280 * SCALE));
    expect(summary.counts.actions + summary.counts.action_reports).toBeGreaterThan(1000);
    expect(summary.bytes).toBe(statSync(path).size);
  });

  it("gives people unique national.example emails, active, without passwords", () => {
    expect(n("select count(*) as n from users where status != 'active' or password_hash is not null")).toBe(0);
    expect(n("select count(*) as n from users where email not like '%@national.example'")).toBe(0);
    expect(n("select count(distinct email_normalised) as n from users")).toBe(n("select count(*) as n from users"));
    expect(n("select count(*) as n from users where email like 'lead-%'")).toBeGreaterThan(100);
  });

  it("keeps sets of 6 to 8 leads with a facilitator, meeting monthly up to the current month", () => {
    const sizes = all<{ n: number }>("select count(*) as n from cohort_memberships group by cohort_id").map((r) => r.n);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(6);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(8);
    expect(n("select count(*) as n from cohorts c where not exists (select 1 from user_roles r where r.user_id = c.facilitator_id and r.role = 'facilitator')")).toBe(0);
    const last = one<{ at: number }>("select max(starts_at) as at from meetings").at;
    expect(new Date(last).toISOString().slice(0, 7) <= "2026-05").toBe(true);
    // Actions only at meetings that have happened, one per presenter, owned by a member of the set.
    expect(n(`select count(*) as n from actions a join meetings m on m.id = a.meeting_id where m.ends_at > ${NOW.getTime()} or m.status = 'cancelled' or m.cohort_id != a.cohort_id`)).toBe(0);
    expect(n("select count(*) as n from (select meeting_id, owner_id from actions group by 1, 2 having count(*) > 1)")).toBe(0);
  });

  it("writes report-backs of every kind, with what was learned and what got in the way", () => {
    const statuses = new Set(all<{ status: string }>("select distinct status from action_reports").map((r) => r.status));
    for (const s of ["done", "partly", "not_done", "dropped"]) expect(statuses).toContain(s);
    expect(n("select count(*) as n from action_reports where status = 'partly' and obstacles = ''")).toBe(0);
    expect(n("select count(*) as n from action_reports where status = 'dropped' and note = ''")).toBe(0);
    expect(n("select count(*) as n from actions a where a.status = 'done' and not exists (select 1 from action_reports r where r.action_id = a.id and r.status = 'done')")).toBe(0);
  });

  it("shares about 30% of actions and report-backs", () => {
    const items = n("select (select count(*) from actions) + (select count(*) from action_reports where status != 'carried') as n");
    const shared = n("select count(*) as n from shared_items");
    expect(shared / items).toBeGreaterThan(0.2);
    expect(shared / items).toBeLessThan(0.4);
    expect(n("select count(*) as n from share_proposals where decision = 'share' and shared_at is not null and shared_item_id is null")).toBe(0);
  });

  it("gives every shared item a footprint, a month and theme ids from the codebook, and nothing else", () => {
    const columns = all<{ name: string }>("pragma table_info(shared_items)").map((c) => c.name);
    expect(columns.sort()).toEqual(["footprint_id", "id", "kind", "month", "text", "theme_ids"]);
    const items = all<{ id: string; footprint_id: string | null; month: string | null; theme_ids: string; text: string }>("select * from shared_items");
    expect(items.length).toBeGreaterThan(100);
    const footprintIds = new Set(all<{ id: string }>("select id from footprints").map((f) => f.id));
    const themeIds = new Set(all<{ id: string }>("select id from themes").map((t) => t.id));
    let themed = 0;
    for (const item of items) {
      expect(footprintIds.has(item.footprint_id ?? "")).toBe(true);
      expect(item.month).toMatch(/^20\d\d-(0[1-9]|1[0-2])$/);
      expect(item.month! <= "2026-05").toBe(true);
      const themes = JSON.parse(item.theme_ids) as string[];
      for (const t of themes) expect(themeIds.has(t), t).toBe(true);
      if (themes.length) themed++;
    }
    // Most items carry a theme; some carry none (the material for new themes).
    expect(themed / items.length).toBeGreaterThan(0.6);
    expect(themed).toBeLessThan(items.length);
  });

  it("shares only de-identified text: no colleague's name or phone number", () => {
    const names = new RegExp(`\\b(${SLOTS.name.join("|")})\\b`);
    const texts = all<{ text: string }>("select text from shared_items").map((r) => r.text);
    for (const text of texts) {
      expect(text).not.toMatch(names);
      for (const phone of SLOTS.phone) expect(text).not.toContain(phone);
    }
    // The originals did have some, which is what makes the check above mean something.
    expect(n(`select count(*) as n from actions where text like '%[name]%'`)).toBe(0);
    const originals = all<{ text: string }>("select text from actions").map((r) => r.text);
    expect(originals.some((t) => names.test(t))).toBe(true);
  });

  it("makes proposals join to actions whose owners are members of the meeting's cohort, matching their shared item", () => {
    const proposals = n("select count(*) as n from share_proposals");
    expect(proposals).toBeGreaterThan(100);
    const orphans = n(`
      select count(*) as n from share_proposals p
      join actions a on a.id = p.action_id
      join meetings m on m.id = p.meeting_id
      where a.cohort_id != m.cohort_id
         or not exists (select 1 from cohort_memberships cm where cm.cohort_id = m.cohort_id and cm.user_id = a.owner_id)
         or (p.report_id is not null and not exists (select 1 from action_reports r where r.id = p.report_id and r.action_id = p.action_id and r.meeting_id = p.meeting_id))
         or ((p.kind = 'action') != (p.report_id is null))`);
    expect(orphans).toBe(0);
    const mismatched = n(`
      select count(*) as n from share_proposals p
      join shared_items s on s.id = p.shared_item_id
      join meetings m on m.id = p.meeting_id
      join cohorts c on c.id = m.cohort_id
      where s.footprint_id != c.footprint_id or s.kind != p.kind or s.text != p.redacted_text or s.theme_ids != p.theme_ids
         or s.month != strftime('%Y-%m', m.starts_at / 1000, 'unixepoch')
         or p.decision != 'share' or p.withdrawn_at is not null or p.shared_at is null`);
    expect(mismatched).toBe(0);
    expect(n("select count(*) as n from shared_items s where not exists (select 1 from share_proposals p where p.shared_item_id = s.id)")).toBe(0);
  });

  it("leaves no foreign-key violations and a sound file in WAL mode", () => {
    expect(all("pragma foreign_key_check")).toEqual([]);
    expect(one<{ quick_check: string }>("pragma quick_check").quick_check).toBe("ok");
    expect(one<{ journal_mode: string }>("pragma journal_mode").journal_mode).toBe("wal");
  });

  it("fills the shared item themes index", () => {
    const expected = n("select count(*) as n from shared_items s, json_each(s.theme_ids)");
    expect(n("select count(*) as n from shared_item_themes")).toBe(expected);
    expect(n("select count(*) as n from shared_item_themes t join shared_items s on s.id = t.shared_item_id where t.footprint_id != s.footprint_id or t.month != s.month")).toBe(0);
  });

  it("fills the private contributor rows: one per shared item and one per theme, each with its action's owner", () => {
    const items = n("select count(*) as n from shared_items");
    expect(items).toBeGreaterThan(0);
    expect(n("select count(*) as n from shared_item_contributors where theme_id = '*'")).toBe(items);
    expect(n("select count(*) as n from shared_item_contributors where theme_id != '*'")).toBe(n("select count(*) as n from shared_item_themes"));
    expect(
      n(
        "select count(*) as n from shared_item_contributors c join share_proposals p on p.id = c.proposal_id join actions a on a.id = p.action_id join shared_items s on s.id = c.shared_item_id where a.owner_id != c.owner_id or p.shared_item_id != c.shared_item_id or s.month != c.month or s.footprint_id != c.footprint_id",
      ),
    ).toBe(0);
  });

  it("keeps the theme counts equal to counting the theme rows (the triggers of migration 0012)", () => {
    const counted = "select month, theme_id, footprint_id, count(*) as items from shared_item_themes group by month, theme_id, footprint_id";
    const kept = "select month, theme_id, footprint_id, items from shared_theme_counts";
    expect(n(`select count(*) as n from (${counted})`)).toBeGreaterThan(0);
    expect(n(`select count(*) as n from (${counted} except ${kept})`)).toBe(0);
    expect(n(`select count(*) as n from (${kept} except ${counted})`)).toBe(0);
  });

  it("writes the same database from the same seed", () => {
    const again = join(dir, "again.sqlite");
    seedNational({ path: again, scale: SCALE, seed: 42, now: NOW });
    const other = new Database(again, { readonly: true });
    try {
      const digest = (d: Database.Database) =>
        d.prepare("select group_concat(id || text, '|') as s from (select id, text from actions order by id)").get() as { s: string };
      expect(digest(other)).toEqual(digest(db));
      const itemsOf = (d: Database.Database) => d.prepare("select id, kind, text, footprint_id, month, theme_ids from shared_items order by rowid").all();
      expect(itemsOf(other)).toEqual(itemsOf(db));
    } finally {
      other.close();
    }
  });

  it("refuses to overwrite an existing file without --force, in process and on the command line", () => {
    const before = statSync(path).mtimeMs;
    expect(() => seedNational({ path, scale: SCALE, seed: 7, now: NOW })).toThrow(/already exists.*--force/);
    const cli = spawnSync(process.execPath, ["--import", "tsx", "scripts/seed-national.ts", "--db", path, "--scale", String(SCALE)], { cwd: ROOT, encoding: "utf8" });
    expect(cli.status).toBe(1);
    expect(cli.stderr).toMatch(/already exists; pass --force/);
    expect(statSync(path).mtimeMs).toBe(before);
  });

  it("replaces the file with --force", () => {
    const forced = join(dir, "forced.sqlite");
    seedNational({ path: forced, scale: SCALE, seed: 1, now: NOW });
    const second = seedNational({ path: forced, scale: SCALE, seed: 2, now: NOW, force: true });
    expect(second.counts.footprints).toBe(42);
  });
});
