/**
 * The codebook: themes with stable ids. Admins edit names and descriptions,
 * retire a theme (no longer suggested or flagged; its history stays) and add
 * themes; ids never change.
 */
import { asc, eq, isNull } from "drizzle-orm";
import { themes, type ThemeArea } from "~db/schema";
import { audit } from "~/models/audit.server";
import { db } from "~/server/context.server";

export type Theme = { id: string; name: string; description: string; area: ThemeArea; retiredAt: number | null };

const COLUMNS = { id: themes.id, name: themes.name, description: themes.description, area: themes.area, retiredAt: themes.retiredAt };

/** Every theme, the starting codebook's first (in its order of creation), then added ones. */
export function listThemes(): Theme[] {
  return db().select(COLUMNS).from(themes).orderBy(asc(themes.createdAt), asc(themes.id)).all();
}

export function activeThemes(): Theme[] {
  return db().select(COLUMNS).from(themes).where(isNull(themes.retiredAt)).orderBy(asc(themes.createdAt), asc(themes.id)).all();
}

export function findTheme(id: string): Theme | undefined {
  return db().select(COLUMNS).from(themes).where(eq(themes.id, id)).get();
}

/** A new theme's id from its name: lower case words joined by hyphens, made unique. */
export function themeIdFor(name: string, taken: ReadonlySet<string>): string {
  const base =
    name
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 48) || "theme";
  let id = base;
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
  return id;
}

type Actor = { id: string; ip?: string | null };

export function addTheme(input: { name: string; description: string; area: ThemeArea }, actor: Actor, now = Date.now()): { ok: true; id: string } | { ok: false; field: "name"; message: string } {
  return db().transaction(
    (tx) => {
      const all = tx.select({ id: themes.id, name: themes.name }).from(themes).all();
      if (all.some((t) => t.name.toLowerCase() === input.name.toLowerCase())) return { ok: false, field: "name", message: "There is already a theme with that name" };
      const id = themeIdFor(input.name, new Set(all.map((t) => t.id)));
      tx.insert(themes).values({ id, name: input.name, description: input.description, area: input.area, createdAt: now }).run();
      audit({ actorId: actor.id, action: "theme_added", targetType: "theme", targetId: id, ip: actor.ip }, tx);
      return { ok: true, id };
    },
    { behavior: "immediate" },
  );
}

export function updateTheme(
  id: string,
  input: { name: string; description: string; area: ThemeArea; retired: boolean },
  actor: Actor,
  now = Date.now(),
): { ok: true } | { ok: false; field: "name" | "form"; message: string } {
  return db().transaction(
    (tx) => {
      const current = tx.select(COLUMNS).from(themes).where(eq(themes.id, id)).get();
      if (!current) return { ok: false, field: "form", message: "There is no such theme" };
      const clash = tx
        .select({ id: themes.id, name: themes.name })
        .from(themes)
        .all()
        .some((t) => t.id !== id && t.name.toLowerCase() === input.name.toLowerCase());
      if (clash) return { ok: false, field: "name", message: "There is already a theme with that name" };
      const retiredAt = input.retired ? (current.retiredAt ?? now) : null;
      tx.update(themes).set({ name: input.name, description: input.description, area: input.area, retiredAt, updatedAt: now }).where(eq(themes.id, id)).run();
      const changed = [
        current.name !== input.name ? "name" : null,
        current.description !== input.description ? "description" : null,
        current.area !== input.area ? "area" : null,
        Boolean(current.retiredAt) !== input.retired ? (input.retired ? "retired" : "brought back") : null,
      ].filter((x): x is string => Boolean(x));
      if (changed.length) audit({ actorId: actor.id, action: "theme_updated", targetType: "theme", targetId: id, detail: { changed }, ip: actor.ip }, tx);
      return { ok: true };
    },
    { behavior: "immediate" },
  );
}
