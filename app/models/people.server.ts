/**
 * People, as CLN admins manage them: invite, edit, change roles, deactivate
 * and reactivate. Each verb is one use case with one `BEGIN IMMEDIATE`
 * transaction; emails go out and sessions end only after it has committed.
 * Every role and status change is written to the audit log in the same
 * transaction as the change itself.
 */
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import { organisations, ROLES, userRoles, users, userTokens, type Role, type UserStatus } from "~db/schema";
import type { DB } from "~db/client";
import { endAllSessionsOf } from "~/server/auth.server";
import { db } from "~/server/context.server";
import { normaliseEmail } from "./account.server";
import { audit, listAudit } from "./audit.server";
import {
  createInvitedPerson,
  deliverInvitations,
  findPersonByEmail,
  reissueInvitation,
  type NewPerson,
  type PendingInvitation,
} from "./invitations.server";

/** The admin doing the change: who is written to the audit log and named in emails. */
export type Actor = { id: string; name: string; ip?: string };

type Tx = Pick<DB, "insert" | "update" | "select" | "delete">;

const IMMEDIATE = { behavior: "immediate" } as const;

export type ExistingPerson = { id: string; name: string };

// ---- reading -------------------------------------------------------------

export const PEOPLE_LIST_LIMIT = 500;

export type PeopleFilter = {
  q?: string;
  role?: Role;
  status?: UserStatus;
  organisationId?: string;
};

function rolesByUser(ids: string[], tx: Tx = db()) {
  const map = new Map<string, Role[]>();
  if (!ids.length) return map;
  const rows = tx
    .select({ userId: userRoles.userId, role: userRoles.role })
    .from(userRoles)
    .where(inArray(userRoles.userId, ids))
    .all();
  for (const row of rows) map.set(row.userId, [...(map.get(row.userId) ?? []), row.role]);
  // Always in the same order (the order of ROLES), whatever order they were granted.
  for (const [id, roles] of map) map.set(id, ROLES.filter((r) => roles.includes(r)));
  return map;
}

export function listPeople(filter: PeopleFilter) {
  const conditions: SQL[] = [];
  if (filter.q) {
    const term = `%${filter.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    conditions.push(
      sql`(lower(${users.name}) like ${term} escape '\\' or ${users.emailNormalised} like ${term} escape '\\')`,
    );
  }
  if (filter.status) conditions.push(eq(users.status, filter.status));
  if (filter.organisationId) conditions.push(eq(users.organisationId, filter.organisationId));
  if (filter.role) {
    conditions.push(
      sql`exists (select 1 from ${userRoles} where ${userRoles.userId} = ${users.id} and ${userRoles.role} = ${filter.role})`,
    );
  }
  const rows = db()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      status: users.status,
      organisationName: organisations.name,
    })
    .from(users)
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(asc(sql`lower(${users.name})`), asc(users.id))
    .limit(PEOPLE_LIST_LIMIT + 1)
    .all();
  const shown = rows.slice(0, PEOPLE_LIST_LIMIT);
  const roles = rolesByUser(shown.map((r) => r.id));
  return {
    people: shown.map((r) => ({ ...r, roles: roles.get(r.id) ?? [] })),
    truncated: rows.length > PEOPLE_LIST_LIMIT,
  };
}

export function organisationOptions() {
  return db()
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .orderBy(asc(sql`lower(${organisations.name})`))
    .all();
}

/** One person for the admin's person page: no password hash, no tokens, only facts about them. */
export function getPerson(userId: string) {
  const person = db()
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      organisationId: users.organisationId,
      organisationName: organisations.name,
      profession: users.profession,
      status: users.status,
      hasPassword: sql<number>`${users.passwordHash} is not null`,
      createdAt: users.createdAt,
      deactivatedAt: users.deactivatedAt,
    })
    .from(users)
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(users.id, userId))
    .get();
  if (!person) return null;
  const invitation = db()
    .select({ sentAt: userTokens.createdAt, expiresAt: userTokens.expiresAt })
    .from(userTokens)
    .where(and(eq(userTokens.userId, userId), eq(userTokens.kind, "invitation"), isNull(userTokens.usedAt)))
    .orderBy(desc(userTokens.createdAt))
    .get();
  return {
    ...person,
    hasPassword: Boolean(person.hasPassword),
    roles: rolesByUser([userId]).get(userId) ?? [],
    invitation: person.status === "invited" && invitation ? { ...invitation, expired: invitation.expiresAt <= Date.now() } : null,
  };
}

// ---- inviting ------------------------------------------------------------

function organisationExists(tx: Tx, organisationId: string | null) {
  // People set up through the admin pages always belong to an organisation.
  if (!organisationId) return false;
  return Boolean(tx.select({ id: organisations.id }).from(organisations).where(eq(organisations.id, organisationId)).get());
}

export type InviteResult =
  | { ok: true; userId: string; email: string; emailSent: boolean }
  | { ok: false; reason: "duplicate"; existing: ExistingPerson }
  | { ok: false; reason: "organisation" };

export async function invitePerson(person: NewPerson, actor: Actor): Promise<InviteResult> {
  const outcome = db().transaction((tx) => {
    const existing = findPersonByEmail(person.email, tx);
    if (existing) return { ok: false as const, reason: "duplicate" as const, existing: { id: existing.id, name: existing.name } };
    if (!organisationExists(tx, person.organisationId)) return { ok: false as const, reason: "organisation" as const };
    return { ok: true as const, invitation: createInvitedPerson(tx, person, actor) };
  }, IMMEDIATE);
  if (!outcome.ok) return outcome;
  const failed = await deliverInvitations([outcome.invitation], actor.name);
  return { ok: true, userId: outcome.invitation.userId, email: outcome.invitation.email, emailSent: failed === 0 };
}

export type ResendResult = { ok: true; email: string; emailSent: boolean } | { ok: false; reason: "not-invited" };

/** A fresh link for someone still invited; the earlier link stops working. */
export async function resendInvitation(userId: string, actor: Actor): Promise<ResendResult> {
  const invitation = db().transaction((tx) => reissueInvitation(tx, userId, actor), IMMEDIATE);
  if (!invitation) return { ok: false, reason: "not-invited" };
  const failed = await deliverInvitations([invitation], actor.name);
  return { ok: true, email: invitation.email, emailSent: failed === 0 };
}

// ---- editing ---------------------------------------------------------------

export type UpdateResult =
  | { ok: true; changed: boolean; invitationSentTo: string | null; emailSent: boolean }
  | { ok: false; reason: "not-found" | "organisation" | "email-locked" | "own-admin" }
  | { ok: false; reason: "duplicate"; existing: ExistingPerson };

/**
 * Name, organisation, profession and roles can change at any time. The email
 * address can change only while the person is still invited (after that it is
 * what they sign in with); changing it sends a new invitation to the new
 * address and the link sent to the old one stops working.
 */
export async function updatePerson(userId: string, input: NewPerson, actor: Actor): Promise<UpdateResult> {
  type Outcome = Exclude<UpdateResult, { ok: true }> | { ok: true; changed: boolean; invitation: PendingInvitation | null };
  const outcome = db().transaction((tx): Outcome => {
    const current = tx
      .select({
        name: users.name,
        email: users.email,
        emailNormalised: users.emailNormalised,
        organisationId: users.organisationId,
        profession: users.profession,
        status: users.status,
      })
      .from(users)
      .where(eq(users.id, userId))
      .get();
    if (!current) return { ok: false, reason: "not-found" };
    const email = input.email.trim();
    const emailChanged = normaliseEmail(email) !== current.emailNormalised;
    if (emailChanged) {
      if (current.status !== "invited") return { ok: false, reason: "email-locked" };
      const other = findPersonByEmail(email, tx);
      if (other && other.id !== userId) return { ok: false, reason: "duplicate", existing: { id: other.id, name: other.name } };
    }
    if (!organisationExists(tx, input.organisationId)) return { ok: false, reason: "organisation" };
    const currentRoles = tx
      .select({ role: userRoles.role })
      .from(userRoles)
      .where(eq(userRoles.userId, userId))
      .all()
      .map((r) => r.role);
    const wanted = new Set(input.roles);
    // The acting admin keeps their own admin role, so there is always an admin.
    if (userId === actor.id && currentRoles.includes("admin") && !wanted.has("admin")) return { ok: false, reason: "own-admin" };
    const added = ROLES.filter((r) => wanted.has(r) && !currentRoles.includes(r));
    const removed = ROLES.filter((r) => !wanted.has(r) && currentRoles.includes(r));

    const name = input.name.trim();
    const fields: string[] = [];
    if (name !== current.name) fields.push("name");
    if (email !== current.email) fields.push("email");
    if (input.organisationId !== current.organisationId) fields.push("organisation");
    if (input.profession !== current.profession) fields.push("profession");
    const now = Date.now();
    if (fields.length || added.length || removed.length) {
      tx.update(users)
        .set({
          name,
          email,
          emailNormalised: normaliseEmail(email),
          organisationId: input.organisationId,
          profession: input.profession,
          updatedAt: now,
        })
        .where(eq(users.id, userId))
        .run();
    }
    const target = { targetType: "user", targetId: userId, ip: actor.ip };
    if (fields.length) audit({ actorId: actor.id, action: "person_updated", ...target, detail: { fields } }, tx);
    for (const role of added) {
      tx.insert(userRoles).values({ userId, role }).run();
      audit({ actorId: actor.id, action: "role_added", ...target, detail: { role } }, tx);
    }
    for (const role of removed) {
      tx.delete(userRoles).where(and(eq(userRoles.userId, userId), eq(userRoles.role, role))).run();
      audit({ actorId: actor.id, action: "role_removed", ...target, detail: { role } }, tx);
    }
    const invitation = emailChanged ? reissueInvitation(tx, userId, actor) : null;
    return { ok: true, changed: fields.length + added.length + removed.length > 0, invitation };
  }, IMMEDIATE);
  if (!outcome.ok) return outcome;
  if (!outcome.invitation) {
    return { ok: true, changed: outcome.changed, invitationSentTo: null, emailSent: false };
  }
  const failed = await deliverInvitations([outcome.invitation], actor.name);
  return { ok: true, changed: outcome.changed, invitationSentTo: outcome.invitation.email, emailSent: failed === 0 };
}

// ---- status ----------------------------------------------------------------

export type DeactivateResult = { ok: true } | { ok: false; reason: "self" | "not-found" };

/**
 * Stops someone signing in: every session ends and live sockets drop, and any
 * unused invitation or reset link stops working (so reactivating an invited
 * person needs a fresh invitation).
 */
export async function deactivatePerson(userId: string, actor: Actor): Promise<DeactivateResult> {
  if (userId === actor.id) return { ok: false, reason: "self" };
  const found = db().transaction((tx) => {
    const current = tx.select({ status: users.status }).from(users).where(eq(users.id, userId)).get();
    if (!current) return false;
    if (current.status === "deactivated") return true;
    const now = Date.now();
    tx.update(users).set({ status: "deactivated", deactivatedAt: now, updatedAt: now }).where(eq(users.id, userId)).run();
    tx.update(userTokens)
      .set({ usedAt: now })
      .where(and(eq(userTokens.userId, userId), isNull(userTokens.usedAt)))
      .run();
    audit(
      { actorId: actor.id, action: "person_deactivated", targetType: "user", targetId: userId, detail: { previousStatus: current.status }, ip: actor.ip },
      tx,
    );
    return true;
  }, IMMEDIATE);
  if (!found) return { ok: false, reason: "not-found" };
  await endAllSessionsOf(userId);
  return { ok: true };
}

export type ReactivateResult = { ok: true; status: "active" | "invited" } | { ok: false; reason: "not-found" | "not-deactivated" };

/** Back to "active" if they had set a password, otherwise "invited" (they then need a new invitation). */
export function reactivatePerson(userId: string, actor: Actor): ReactivateResult {
  return db().transaction((tx): ReactivateResult => {
    const current = tx
      .select({ status: users.status, hasPassword: sql<number>`${users.passwordHash} is not null` })
      .from(users)
      .where(eq(users.id, userId))
      .get();
    if (!current) return { ok: false, reason: "not-found" };
    if (current.status !== "deactivated") return { ok: false, reason: "not-deactivated" };
    const status = current.hasPassword ? ("active" as const) : ("invited" as const);
    tx.update(users).set({ status, deactivatedAt: null, updatedAt: Date.now() }).where(eq(users.id, userId)).run();
    audit({ actorId: actor.id, action: "person_reactivated", targetType: "user", targetId: userId, detail: { status }, ip: actor.ip }, tx);
    return { ok: true, status };
  }, IMMEDIATE);
}

// ---- audit log page --------------------------------------------------------

/** The audit log with the names of people who were the target of each entry. */
export function auditLogPage(filter: Parameters<typeof listAudit>[0]) {
  const page = listAudit(filter);
  const targetIds = [...new Set(page.rows.filter((r) => r.targetType === "user" && r.targetId).map((r) => r.targetId as string))];
  const names = new Map(
    targetIds.length
      ? db().select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, targetIds)).all().map((u) => [u.id, u.name])
      : [],
  );
  return {
    ...page,
    rows: page.rows.map((r) => ({ ...r, targetName: r.targetType === "user" && r.targetId ? (names.get(r.targetId) ?? null) : null })),
  };
}
