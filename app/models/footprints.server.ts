/**
 * Footprints: the areas (ICS/STP footprints) within a region that
 * organisations and cohorts belong to. Only CLN admins change them; each
 * change is one immediate transaction with its audit entry.
 */
import { asc, count, eq, sql } from "drizzle-orm";
import { cohorts, footprints, organisations, regions } from "~db/schema";
import type { DB } from "~db/client";
import type { z } from "zod";
import type { FootprintSchema } from "~/schemas/admin";
import { db } from "~/server/context.server";
import { newId } from "~/server/ids.server";
import { audit } from "./audit.server";

/** Who is making a change, for the audit log. Identity comes from the session. */
export type Actor = { actorId: string; ip: string | null };

/**
 * The outcome of a change. `invalid` names the form field to show the message
 * beside; `in_use` is a refusal that belongs at the top of the form.
 */
export type ChangeResult<Field extends string> =
  | { ok: true; id: string }
  | { ok: false; reason: "not_found" }
  | { ok: false; reason: "invalid"; field: Field; message: string }
  | { ok: false; reason: "in_use"; message: string };

export type FootprintInput = z.output<typeof FootprintSchema>;
type FootprintField = keyof FootprintInput;
type Tx = Pick<DB, "select">;

import { plural } from "~/utils/words";

export { plural };

export function listRegions() {
  return db().select({ id: regions.id, name: regions.name }).from(regions).orderBy(asc(regions.name)).all();
}

export function listFootprints() {
  const rows = db()
    .select({ id: footprints.id, name: footprints.name, regionId: footprints.regionId, regionName: regions.name })
    .from(footprints)
    .innerJoin(regions, eq(regions.id, footprints.regionId))
    .orderBy(asc(regions.name), asc(sql`lower(${footprints.name})`))
    .all();
  const tally = (rows: Array<{ id: string; n: number }>) => new Map(rows.map((r) => [r.id, r.n]));
  const orgs = tally(
    db().select({ id: organisations.footprintId, n: count() }).from(organisations).groupBy(organisations.footprintId).all(),
  );
  const sets = tally(db().select({ id: cohorts.footprintId, n: count() }).from(cohorts).groupBy(cohorts.footprintId).all());
  return rows.map((r) => ({ ...r, organisations: orgs.get(r.id) ?? 0, cohorts: sets.get(r.id) ?? 0 }));
}

/** Footprints for a select list (organisation and cohort forms, filters). */
export function footprintOptions() {
  return db()
    .select({ id: footprints.id, name: footprints.name })
    .from(footprints)
    .orderBy(asc(sql`lower(${footprints.name})`))
    .all();
}

function usage(id: string, tx: Tx) {
  const orgs = tx.select({ n: count() }).from(organisations).where(eq(organisations.footprintId, id)).get()?.n ?? 0;
  const sets = tx.select({ n: count() }).from(cohorts).where(eq(cohorts.footprintId, id)).get()?.n ?? 0;
  return { organisations: orgs, cohorts: sets };
}

export function getFootprint(id: string) {
  const row = db()
    .select({
      id: footprints.id,
      name: footprints.name,
      regionId: footprints.regionId,
      regionName: regions.name,
      hubName: footprints.hubName,
      hubPhone: footprints.hubPhone,
      hubUrl: footprints.hubUrl,
      hubHours: footprints.hubHours,
    })
    .from(footprints)
    .innerJoin(regions, eq(regions.id, footprints.regionId))
    .where(eq(footprints.id, id))
    .get();
  return row ? { ...row, ...usage(id, db()) } : null;
}

/** Checks shared by create and update; `selfId` is the footprint being edited. */
function problemWith(input: FootprintInput, selfId: string | null, tx: Tx): ChangeResult<FootprintField> | null {
  const region = tx.select({ id: regions.id }).from(regions).where(eq(regions.id, input.regionId)).get();
  if (!region) return { ok: false, reason: "invalid", field: "regionId", message: "Select a region from the list" };
  // Same test as the unique index on lower(name), so the index never has to refuse.
  const clash = tx
    .select({ id: footprints.id, name: footprints.name })
    .from(footprints)
    .where(sql`lower(${footprints.name}) = lower(${input.name})`)
    .get();
  if (clash && clash.id !== selfId) {
    return { ok: false, reason: "invalid", field: "name", message: `A footprint called ${clash.name} already exists` };
  }
  return null;
}

export function createFootprint(input: FootprintInput, actor: Actor): ChangeResult<FootprintField> {
  return db().transaction(
    (tx) => {
      const problem = problemWith(input, null, tx);
      if (problem) return problem;
      const id = newId();
      tx.insert(footprints).values({ id, name: input.name, regionId: input.regionId }).run();
      audit(
        { ...actor, action: "footprint_created", targetType: "footprint", targetId: id, detail: { name: input.name, regionId: input.regionId } },
        tx,
      );
      return { ok: true, id };
    },
    { behavior: "immediate" },
  );
}

export function updateFootprint(id: string, input: FootprintInput, actor: Actor): ChangeResult<FootprintField> {
  return db().transaction(
    (tx) => {
      const current = tx
        .select({ name: footprints.name, regionId: footprints.regionId })
        .from(footprints)
        .where(eq(footprints.id, id))
        .get();
      if (!current) return { ok: false, reason: "not_found" };
      const problem = problemWith(input, id, tx);
      if (problem) return problem;
      const changed = [
        ...(current.name !== input.name ? ["name"] : []),
        ...(current.regionId !== input.regionId ? ["region"] : []),
      ];
      if (changed.length === 0) return { ok: true, id };
      tx.update(footprints)
        .set({ name: input.name, regionId: input.regionId, updatedAt: Date.now() })
        .where(eq(footprints.id, id))
        .run();
      audit(
        {
          ...actor,
          action: "footprint_updated",
          targetType: "footprint",
          targetId: id,
          detail: { name: input.name, previousName: current.name, regionId: input.regionId, changed },
        },
        tx,
      );
      return { ok: true, id };
    },
    { behavior: "immediate" },
  );
}

/** The footprint's staff mental health and wellbeing hub, shown to a person the wellbeing check signposts. Empty fields clear. */
export type HubInput = { hubName?: string; hubPhone?: string; hubUrl?: string; hubHours?: string };

export function updateFootprintHub(id: string, input: HubInput, actor: Actor): ChangeResult<never> {
  return db().transaction(
    (tx) => {
      const current = tx
        .select({ hubName: footprints.hubName, hubPhone: footprints.hubPhone, hubUrl: footprints.hubUrl, hubHours: footprints.hubHours })
        .from(footprints)
        .where(eq(footprints.id, id))
        .get();
      if (!current) return { ok: false, reason: "not_found" };
      const next = { hubName: input.hubName || null, hubPhone: input.hubPhone || null, hubUrl: input.hubUrl || null, hubHours: input.hubHours || null };
      const changed = (Object.keys(next) as Array<keyof typeof next>).filter((k) => current[k] !== next[k]);
      if (!changed.length) return { ok: true, id };
      tx.update(footprints).set({ ...next, updatedAt: Date.now() }).where(eq(footprints.id, id)).run();
      audit({ ...actor, action: "footprint_hub_updated", targetType: "footprint", targetId: id, detail: { changed } }, tx);
      return { ok: true, id };
    },
    { behavior: "immediate" },
  );
}

export function deleteFootprint(id: string, actor: Actor): ChangeResult<never> {
  return db().transaction(
    (tx) => {
      const current = tx.select({ name: footprints.name }).from(footprints).where(eq(footprints.id, id)).get();
      if (!current) return { ok: false, reason: "not_found" };
      // The foreign keys would refuse too, but with a 500 and no explanation.
      const used = usage(id, tx);
      if (used.organisations > 0 || used.cohorts > 0) {
        const parts = [
          used.organisations ? plural(used.organisations, "organisation") : null,
          used.cohorts ? plural(used.cohorts, "cohort") : null,
        ].filter(Boolean);
        return {
          ok: false,
          reason: "in_use",
          message: `You cannot delete ${current.name} because ${parts.join(" and ")} ${
            used.organisations + used.cohorts === 1 ? "belongs" : "belong"
          } to it. Move ${used.organisations + used.cohorts === 1 ? "it" : "them"} to another footprint first.`,
        };
      }
      tx.delete(footprints).where(eq(footprints.id, id)).run();
      audit({ ...actor, action: "footprint_deleted", targetType: "footprint", targetId: id, detail: { name: current.name } }, tx);
      return { ok: true, id };
    },
    { behavior: "immediate" },
  );
}
