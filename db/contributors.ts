/**
 * The private contributor rows behind shared items (`shared_item_contributors`,
 * see db/schema.ts): one for the item itself (theme `EVERY_THEME`) and one
 * per theme, each with the owner of the action it came from. They are
 * derived from the shared item, its themes and its proposal, so they are
 * rewritten from those (never edited) whenever an item is shared or
 * re-themed. Migration 0011 fills them for items shared before it.
 */
import { sql } from "drizzle-orm";
import type Database from "better-sqlite3";
import type { DB } from "./client";

export const EVERY_THEME = "*";

const INSERT = "insert into shared_item_contributors (shared_item_id, theme_id, proposal_id, owner_id, footprint_id, month)";
const OF_ITEMS = `select si.id, '${EVERY_THEME}', p.id, a.owner_id, si.footprint_id, si.month
  from shared_items si join share_proposals p on p.shared_item_id = si.id join actions a on a.id = p.action_id`;
const OF_THEMES = `select t.shared_item_id, t.theme_id, p.id, a.owner_id, t.footprint_id, t.month
  from shared_item_themes t join share_proposals p on p.shared_item_id = t.shared_item_id join actions a on a.id = p.action_id`;

/** Rewrites one shared item's contributor rows, inside the caller's transaction. */
export function writeContributors(tx: Pick<DB, "run">, sharedItemId: string) {
  tx.run(sql`delete from shared_item_contributors where shared_item_id = ${sharedItemId}`);
  tx.run(sql`${sql.raw(INSERT)} ${sql.raw(OF_ITEMS)} where si.id = ${sharedItemId} union all ${sql.raw(OF_THEMES)} where t.shared_item_id = ${sharedItemId}`);
}

/** Rewrites every shared item's contributor rows (for data written straight to the tables, such as the national seed). */
export function rebuildContributors(sqlite: Database.Database) {
  sqlite.transaction(() => {
    sqlite.exec("delete from shared_item_contributors");
    sqlite.exec(`${INSERT} ${OF_ITEMS} union all ${OF_THEMES}`);
  })();
}
