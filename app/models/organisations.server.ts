/**
 * Organisations: the trusts, practices and services people work for, each in
 * one footprint. Only CLN admins change them; each change is one immediate
 * transaction with its audit entry.
 */
import { and, asc, count, eq, sql, type SQL } from "drizzle-orm";
import { footprints, organisations, users, type Setting } from "~db/schema";
import type { DB } from "~db/client";
import type { z } from "zod";
import type { OrganisationSchema } from "~/schemas/admin";
import { db } from "~/server/context.server";
import { newId } from "~/server/ids.server";
import { audit } from "./audit.server";
import { plural, type Actor, type ChangeResult } from "./footprints.server";

export type OrganisationInput = z.output<typeof OrganisationSchema>;
type OrganisationField = keyof OrganisationInput;
type Tx = Pick<DB, "select">;

export function listOrganisations(filter: { footprintId?: string; setting?: Setting } = {}) {
  const conditions: SQL[] = [];
  if (filter.footprintId) conditions.push(eq(organisations.footprintId, filter.footprintId));
  if (filter.setting) conditions.push(eq(organisations.setting, filter.setting));
  const rows = db()
    .select({
      id: organisations.id,
      name: organisations.name,
      odsCode: organisations.odsCode,
      setting: organisations.setting,
      footprintId: organisations.footprintId,
      footprintName: footprints.name,
    })
    .from(organisations)
    .innerJoin(footprints, eq(footprints.id, organisations.footprintId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(sql`lower(${organisations.name})`))
    .all();
  const people = new Map(
    db()
      .select({ id: users.organisationId, n: count() })
      .from(users)
      .groupBy(users.organisationId)
      .all()
      .map((r) => [r.id, r.n]),
  );
  return rows.map((r) => ({ ...r, people: people.get(r.id) ?? 0 }));
}

function peopleIn(id: string, tx: Tx) {
  return tx.select({ n: count() }).from(users).where(eq(users.organisationId, id)).get()?.n ?? 0;
}

export function getOrganisation(id: string) {
  const row = db()
    .select({
      id: organisations.id,
      name: organisations.name,
      odsCode: organisations.odsCode,
      setting: organisations.setting,
      footprintId: organisations.footprintId,
      footprintName: footprints.name,
    })
    .from(organisations)
    .innerJoin(footprints, eq(footprints.id, organisations.footprintId))
    .where(eq(organisations.id, id))
    .get();
  return row ? { ...row, people: peopleIn(id, db()) } : null;
}

/** Checks shared by create and update; `selfId` is the organisation being edited. */
function problemWith(input: OrganisationInput, selfId: string | null, tx: Tx): ChangeResult<OrganisationField> | null {
  const footprint = tx.select({ id: footprints.id }).from(footprints).where(eq(footprints.id, input.footprintId)).get();
  if (!footprint) return { ok: false, reason: "invalid", field: "footprintId", message: "Select a footprint from the list" };
  // Same tests as the unique indexes, so the indexes never have to refuse.
  const nameClash = tx
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(sql`lower(${organisations.name}) = lower(${input.name})`)
    .get();
  if (nameClash && nameClash.id !== selfId) {
    return { ok: false, reason: "invalid", field: "name", message: `An organisation called ${nameClash.name} already exists` };
  }
  if (input.ods) {
    const odsClash = tx
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(sql`upper(${organisations.odsCode}) = ${input.ods.toUpperCase()}`)
      .get();
    if (odsClash && odsClash.id !== selfId) {
      return {
        ok: false,
        reason: "invalid",
        field: "ods",
        message: `ODS code ${input.ods.toUpperCase()} is already used by ${odsClash.name}`,
      };
    }
  }
  return null;
}

const row = (input: OrganisationInput) => ({
  name: input.name,
  odsCode: input.ods ? input.ods.toUpperCase() : null,
  setting: input.setting,
  footprintId: input.footprintId,
});

export function createOrganisation(input: OrganisationInput, actor: Actor): ChangeResult<OrganisationField> {
  return db().transaction(
    (tx) => {
      const problem = problemWith(input, null, tx);
      if (problem) return problem;
      const id = newId();
      const values = row(input);
      tx.insert(organisations).values({ id, ...values }).run();
      audit({ ...actor, action: "organisation_created", targetType: "organisation", targetId: id, detail: values }, tx);
      return { ok: true, id };
    },
    { behavior: "immediate" },
  );
}

export function updateOrganisation(id: string, input: OrganisationInput, actor: Actor): ChangeResult<OrganisationField> {
  return db().transaction(
    (tx) => {
      const current = tx
        .select({
          name: organisations.name,
          odsCode: organisations.odsCode,
          setting: organisations.setting,
          footprintId: organisations.footprintId,
        })
        .from(organisations)
        .where(eq(organisations.id, id))
        .get();
      if (!current) return { ok: false, reason: "not_found" };
      const problem = problemWith(input, id, tx);
      if (problem) return problem;
      const values = row(input);
      const changed = (Object.keys(values) as Array<keyof typeof values>).filter((k) => values[k] !== current[k]);
      if (changed.length === 0) return { ok: true, id };
      tx.update(organisations)
        .set({ ...values, updatedAt: Date.now() })
        .where(eq(organisations.id, id))
        .run();
      audit(
        {
          ...actor,
          action: "organisation_updated",
          targetType: "organisation",
          targetId: id,
          detail: { ...values, previousName: current.name, changed },
        },
        tx,
      );
      return { ok: true, id };
    },
    { behavior: "immediate" },
  );
}

export function deleteOrganisation(id: string, actor: Actor): ChangeResult<never> {
  return db().transaction(
    (tx) => {
      const current = tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, id)).get();
      if (!current) return { ok: false, reason: "not_found" };
      // The foreign key would refuse too, but with a 500 and no explanation.
      const people = peopleIn(id, tx);
      if (people > 0) {
        return {
          ok: false,
          reason: "in_use",
          message: `You cannot delete ${current.name} because ${plural(people, "person", "people")} ${
            people === 1 ? "works" : "work"
          } there. Move them to another organisation first.`,
        };
      }
      tx.delete(organisations).where(eq(organisations.id, id)).run();
      audit(
        { ...actor, action: "organisation_deleted", targetType: "organisation", targetId: id, detail: { name: current.name } },
        tx,
      );
      return { ok: true, id };
    },
    { behavior: "immediate" },
  );
}
