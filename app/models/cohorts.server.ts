/**
 * Cohorts as CLN admins manage them: details, facilitators, members (with
 * their history) and archiving. Each verb is one use case in one immediate
 * transaction; refusals come back as messages for the field they concern.
 * An archived cohort is read-only: every verb that changes it refuses.
 */
import { tz } from "@date-fns/tz";
import { format } from "date-fns";
import { and, asc, desc, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import type { DB } from "~db/client";
import { cohortMemberships, cohorts, footprints, organisations, userRoles, users, type Role } from "~db/schema";
import { checkCohortImport, normaliseImportEmail, readCohortCsv, type RowProblem } from "~/domain/cohort-import";
import { db } from "~/server/context.server";
import { newId } from "~/server/ids.server";
import { formatDay } from "~/utils/dates";
import { audit } from "./audit.server";
import { createInvitedPerson, deliverInvitations, type PendingInvitation } from "./invitations.server";
import { cancelPendingJobsForCohort, queueRemindersForCohort } from "./meetings.server";

export type Actor = { id: string; name: string; ip?: string };

/** Why a change was not made: messages per field and/or for the form as a whole. */
export type Refusal = { ok: false; status: 400 | 404 | 409; errors: Record<string, string>; formError?: string };

export type CohortDetails = {
  name: string;
  footprintId: string;
  termStart: string;
  termEnd: string;
  facilitatorId: string;
  coFacilitatorId?: string;
};

export const SET_SIZE = { min: 4, max: 8 } as const;
export const ARCHIVED_MESSAGE = "This cohort is archived, so it can no longer be changed.";

type Reader = Pick<DB, "select">;

const refuse = (status: Refusal["status"], errors: Record<string, string>, formError?: string): Refusal => ({
  ok: false,
  status,
  errors,
  formError,
});
const notFound = () => refuse(404, {}, "This cohort does not exist.");
const archived = () => refuse(409, {}, ARCHIVED_MESSAGE);

/** Today's date in London, as the ISO date terms are written in. */
export function londonToday(now: number) {
  return format(now, "yyyy-MM-dd", { in: tz("Europe/London") });
}

/** The warning shown when a set is outside the 4–8 members action learning needs; null when within. */
export function setSizeWarning(members: number): string | null {
  const people = `${members} ${members === 1 ? "member" : "members"}`;
  if (members < SET_SIZE.min) {
    return `This cohort has ${people}. An action learning set works best with ${SET_SIZE.min} to ${SET_SIZE.max} members: add at least ${SET_SIZE.min - members} more.`;
  }
  if (members > SET_SIZE.max) {
    return `This cohort has ${people}. An action learning set works best with ${SET_SIZE.min} to ${SET_SIZE.max} members: consider splitting it into two sets.`;
  }
  return null;
}

const currentMemberCount = sql<number>`(select count(*) from ${cohortMemberships} where ${cohortMemberships.cohortId} = ${cohorts.id} and ${cohortMemberships.leftAt} is null)`;

export function listCohorts() {
  const co = alias(users, "co_facilitator");
  return db()
    .select({
      id: cohorts.id,
      name: cohorts.name,
      footprint: footprints.name,
      termStart: cohorts.termStart,
      termEnd: cohorts.termEnd,
      facilitator: users.name,
      coFacilitator: co.name,
      members: currentMemberCount,
      archivedAt: cohorts.archivedAt,
    })
    .from(cohorts)
    .innerJoin(footprints, eq(footprints.id, cohorts.footprintId))
    .innerJoin(users, eq(users.id, cohorts.facilitatorId))
    .leftJoin(co, eq(co.id, cohorts.coFacilitatorId))
    .orderBy(sql`${cohorts.archivedAt} is not null`, asc(sql`lower(${cohorts.name})`))
    .all();
}

/** Choices for the cohort form: footprints and the people who may facilitate. */
export function cohortFormOptions() {
  const footprintOptions = db()
    .select({ value: footprints.id, label: footprints.name })
    .from(footprints)
    .orderBy(asc(sql`lower(${footprints.name})`))
    .all();
  const facilitators = db()
    .select({ value: users.id, name: users.name, status: users.status })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "facilitator")))
    .where(ne(users.status, "deactivated"))
    .orderBy(asc(sql`lower(${users.name})`))
    .all()
    .map((f) => ({ value: f.value, label: f.status === "invited" ? `${f.name} (invited)` : f.name }));
  return { footprints: footprintOptions, facilitators };
}

function rolesOf(tx: Reader, userId: string): Role[] {
  return tx.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)).all().map((r) => r.role);
}

function personById(tx: Reader, userId: string) {
  return tx.select({ id: users.id, name: users.name, status: users.status }).from(users).where(eq(users.id, userId)).get();
}

function isCurrentMember(tx: Reader, cohortId: string, userId: string) {
  return Boolean(
    tx
      .select({ id: cohortMemberships.id })
      .from(cohortMemberships)
      .where(and(eq(cohortMemberships.cohortId, cohortId), eq(cohortMemberships.userId, userId), isNull(cohortMemberships.leftAt)))
      .get(),
  );
}

function cohortRow(tx: Reader, cohortId: string) {
  return tx
    .select({
      id: cohorts.id,
      name: cohorts.name,
      termEnd: cohorts.termEnd,
      facilitatorId: cohorts.facilitatorId,
      coFacilitatorId: cohorts.coFacilitatorId,
      archivedAt: cohorts.archivedAt,
    })
    .from(cohorts)
    .where(eq(cohorts.id, cohortId))
    .get();
}

/** Every rule about a cohort's details that needs the database; empty when all is well. */
function checkDetails(tx: Reader, input: CohortDetails, cohortId: string | null) {
  const errors: Record<string, string> = {};
  const sameName = tx
    .select({ id: cohorts.id })
    .from(cohorts)
    .where(sql`lower(${cohorts.name}) = ${input.name.toLowerCase()}`)
    .get();
  if (sameName && sameName.id !== cohortId) errors.name = `There is already a cohort called ${input.name}: choose another name`;
  if (!tx.select({ id: footprints.id }).from(footprints).where(eq(footprints.id, input.footprintId)).get()) {
    errors.footprintId = "Select a footprint from the list";
  }
  if (input.termEnd <= input.termStart) errors.termEnd = "The term must end after it starts";

  const checkFacilitator = (field: "facilitatorId" | "coFacilitatorId", userId: string, what: string) => {
    const person = personById(tx, userId);
    if (!person) return (errors[field] = `Select ${what} from the list`);
    if (person.status === "deactivated") return (errors[field] = `${person.name}'s account is deactivated: select someone else as ${what}`);
    if (!rolesOf(tx, userId).includes("facilitator")) {
      return (errors[field] = `${person.name} does not have the facilitator role: select someone who does, or give them the role on the People page`);
    }
    if (cohortId && isCurrentMember(tx, cohortId, userId)) {
      return (errors[field] = `${person.name} is a member of this cohort, so cannot facilitate it: remove them as a member first`);
    }
  };
  checkFacilitator("facilitatorId", input.facilitatorId, "a facilitator");
  if (input.coFacilitatorId) {
    if (input.coFacilitatorId === input.facilitatorId) {
      errors.coFacilitatorId = "The co-facilitator must be someone other than the facilitator";
    } else checkFacilitator("coFacilitatorId", input.coFacilitatorId, "a co-facilitator");
  }
  return errors;
}

export function createCohort(input: CohortDetails, actor: Actor): { ok: true; id: string } | Refusal {
  return db().transaction(
    (tx) => {
      const errors = checkDetails(tx, input, null);
      if (Object.keys(errors).length) return refuse(400, errors);
      const id = newId();
      tx.insert(cohorts)
        .values({
          id,
          name: input.name,
          footprintId: input.footprintId,
          termStart: input.termStart,
          termEnd: input.termEnd,
          facilitatorId: input.facilitatorId,
          coFacilitatorId: input.coFacilitatorId ?? null,
        })
        .run();
      audit(
        {
          actorId: actor.id,
          action: "cohort_created",
          targetType: "cohort",
          targetId: id,
          detail: { cohortId: id, footprintId: input.footprintId, facilitatorId: input.facilitatorId, coFacilitatorId: input.coFacilitatorId ?? null },
          ip: actor.ip,
        },
        tx,
      );
      return { ok: true as const, id };
    },
    { behavior: "immediate" },
  );
}

export function updateCohort(cohortId: string, input: CohortDetails, actor: Actor): { ok: true } | Refusal {
  return db().transaction(
    (tx) => {
      const before = tx.select().from(cohorts).where(eq(cohorts.id, cohortId)).get();
      if (!before) return notFound();
      if (before.archivedAt !== null) return archived();
      const errors = checkDetails(tx, input, cohortId);
      if (Object.keys(errors).length) return refuse(400, errors);
      const after = {
        name: input.name,
        footprintId: input.footprintId,
        termStart: input.termStart,
        termEnd: input.termEnd,
        facilitatorId: input.facilitatorId,
        coFacilitatorId: input.coFacilitatorId ?? null,
      };
      const changed = (Object.keys(after) as Array<keyof typeof after>).filter((k) => before[k] !== after[k]);
      if (changed.length === 0) return { ok: true as const };
      tx.update(cohorts).set({ ...after, updatedAt: Date.now() }).where(eq(cohorts.id, cohortId)).run();
      audit({ actorId: actor.id, action: "cohort_updated", targetType: "cohort", targetId: cohortId, detail: { cohortId, changed }, ip: actor.ip }, tx);
      return { ok: true as const };
    },
    { behavior: "immediate" },
  );
}

/** Everything the cohort page shows, or null when there is no such cohort. */
export function getCohort(cohortId: string, now = Date.now()) {
  const co = alias(users, "co_facilitator");
  const cohort = db()
    .select({
      id: cohorts.id,
      name: cohorts.name,
      footprintId: cohorts.footprintId,
      footprint: footprints.name,
      termStart: cohorts.termStart,
      termEnd: cohorts.termEnd,
      facilitatorId: cohorts.facilitatorId,
      facilitator: users.name,
      coFacilitatorId: cohorts.coFacilitatorId,
      coFacilitator: co.name,
      archivedAt: cohorts.archivedAt,
    })
    .from(cohorts)
    .innerJoin(footprints, eq(footprints.id, cohorts.footprintId))
    .innerJoin(users, eq(users.id, cohorts.facilitatorId))
    .leftJoin(co, eq(co.id, cohorts.coFacilitatorId))
    .where(eq(cohorts.id, cohortId))
    .get();
  if (!cohort) return null;

  const spells = db()
    .select({
      id: cohortMemberships.id,
      userId: users.id,
      name: users.name,
      email: users.email,
      status: users.status,
      profession: users.profession,
      organisation: organisations.name,
      joinedAt: cohortMemberships.joinedAt,
      leftAt: cohortMemberships.leftAt,
    })
    .from(cohortMemberships)
    .innerJoin(users, eq(users.id, cohortMemberships.userId))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(eq(cohortMemberships.cohortId, cohortId))
    .orderBy(desc(cohortMemberships.joinedAt), asc(users.name))
    .all();
  const members = spells
    .filter((s) => s.leftAt === null)
    .sort((a, b) => a.name.localeCompare(b.name))
    .map(({ leftAt: _left, id: _id, ...m }) => m);
  const history = spells.map(({ id, userId, name, joinedAt, leftAt }) => ({ id, userId, name, joinedAt, leftAt }));

  const excluded = new Set([cohort.facilitatorId, cohort.coFacilitatorId, ...members.map((m) => m.userId)]);
  const eligible = db()
    .select({ id: users.id, name: users.name, status: users.status, organisation: organisations.name })
    .from(users)
    .innerJoin(userRoles, and(eq(userRoles.userId, users.id), eq(userRoles.role, "clinical_lead")))
    .leftJoin(organisations, eq(organisations.id, users.organisationId))
    .where(ne(users.status, "deactivated"))
    .orderBy(asc(sql`lower(${users.name})`))
    .all()
    .filter((p) => !excluded.has(p.id))
    .map((p) => ({
      value: p.id,
      label: [p.name, p.organisation, p.status === "invited" ? "invited" : null].filter(Boolean).join(", "),
    }));

  return {
    cohort,
    members,
    history,
    eligible,
    sizeWarning: cohort.archivedAt === null ? setSizeWarning(members.length) : null,
    termEnded: londonToday(now) >= cohort.termEnd,
    /** Choices for the details form; none once archived, as nothing may change. */
    options: cohort.archivedAt === null ? cohortFormOptions() : null,
  };
}

type MemberChange = { ok: true; name: string; members: number; sizeWarning: string | null } | Refusal;

function countMembers(tx: Reader, cohortId: string) {
  return (
    tx
      .select({ n: sql<number>`count(*)` })
      .from(cohortMemberships)
      .where(and(eq(cohortMemberships.cohortId, cohortId), isNull(cohortMemberships.leftAt)))
      .get()?.n ?? 0
  );
}

export function addMember(cohortId: string, userId: string, actor: Actor): MemberChange {
  return db().transaction(
    (tx) => {
      const cohort = cohortRow(tx, cohortId);
      if (!cohort) return notFound();
      if (cohort.archivedAt !== null) return archived();
      const person = personById(tx, userId);
      if (!person) return refuse(400, { userId: "Select a person to add from the list" });
      if (person.status === "deactivated") return refuse(400, { userId: `${person.name}'s account is deactivated, so they cannot be added` });
      if (userId === cohort.facilitatorId || userId === cohort.coFacilitatorId) {
        return refuse(400, { userId: `${person.name} facilitates this cohort, so cannot also be a member of it` });
      }
      if (!rolesOf(tx, userId).includes("clinical_lead")) {
        return refuse(400, { userId: `${person.name} is not a clinical lead: give them that role on the People page first` });
      }
      if (isCurrentMember(tx, cohortId, userId)) return refuse(400, { userId: `${person.name} is already a member of this cohort` });
      tx.insert(cohortMemberships).values({ id: newId(), cohortId, userId, joinedAt: Date.now() }).run();
      audit({ actorId: actor.id, action: "membership_added", targetType: "user", targetId: userId, detail: { cohortId }, ip: actor.ip }, tx);
      // A new member is reminded of the meetings already scheduled.
      queueRemindersForCohort(tx, cohortId, Date.now());
      const members = countMembers(tx, cohortId);
      return { ok: true as const, name: person.name, members, sizeWarning: setSizeWarning(members) };
    },
    { behavior: "immediate" },
  );
}

/** Ends a person's current membership; the spell stays in the history. */
export function removeMember(cohortId: string, userId: string, actor: Actor): MemberChange {
  return db().transaction(
    (tx) => {
      const cohort = cohortRow(tx, cohortId);
      if (!cohort) return notFound();
      if (cohort.archivedAt !== null) return archived();
      const person = personById(tx, userId);
      const ended = tx
        .update(cohortMemberships)
        .set({ leftAt: Date.now() })
        .where(and(eq(cohortMemberships.cohortId, cohortId), eq(cohortMemberships.userId, userId), isNull(cohortMemberships.leftAt)))
        .run();
      if (!person || ended.changes === 0) return refuse(400, {}, `${person?.name ?? "That person"} is not a current member of this cohort.`);
      audit({ actorId: actor.id, action: "membership_removed", targetType: "user", targetId: userId, detail: { cohortId }, ip: actor.ip }, tx);
      const members = countMembers(tx, cohortId);
      return { ok: true as const, name: person.name, members, sizeWarning: setSizeWarning(members) };
    },
    { behavior: "immediate" },
  );
}

/**
 * Archives a cohort. Before its term has ended the admin must confirm, so a
 * running set is not closed by a slip of the mouse.
 */
export function archiveCohort(cohortId: string, confirmed: boolean, actor: Actor, now = Date.now()): { ok: true } | Refusal {
  return db().transaction(
    (tx) => {
      const cohort = cohortRow(tx, cohortId);
      if (!cohort) return notFound();
      if (cohort.archivedAt !== null) return refuse(409, {}, "This cohort is already archived.");
      const early = londonToday(now) < cohort.termEnd;
      if (early && !confirmed) {
        return refuse(400, {
          confirm: `The term runs until ${formatDay(cohort.termEnd)}. To archive the cohort before then, select the box to confirm`,
        });
      }
      tx.update(cohorts).set({ archivedAt: now, updatedAt: now }).where(eq(cohorts.id, cohortId)).run();
      cancelPendingJobsForCohort(tx, cohortId);
      audit({ actorId: actor.id, action: "cohort_archived", targetType: "cohort", targetId: cohortId, detail: { cohortId, beforeTermEnd: early }, ip: actor.ip }, tx);
      return { ok: true as const };
    },
    { behavior: "immediate" },
  );
}

/** The import page's heading and whether it may be used. */
export function cohortForImport(cohortId: string) {
  return (
    db()
      .select({ id: cohorts.id, name: cohorts.name, archivedAt: cohorts.archivedAt })
      .from(cohorts)
      .where(eq(cohorts.id, cohortId))
      .get() ?? null
  );
}

export type ImportOutcome =
  | { ok: true; added: number; invited: number; unsent: number }
  | (Refusal & { problems?: RowProblem[] });

/**
 * Adds everyone in a CSV file to a cohort, or no one. The whole file is
 * checked inside the transaction that would write it, so what was checked is
 * what is written. Invitation emails go out only after it commits.
 */
export async function importCohortMembers(cohortId: string, csvText: string, actor: Actor): Promise<ImportOutcome> {
  const read = readCohortCsv(csvText);
  if (!read.ok) return refuse(400, { file: read.message });
  const emails = [...new Set(read.records.map((r) => normaliseImportEmail(r.email)).filter(Boolean))];

  const outcome = db().transaction(
    (tx): { ok: true; added: number; invitations: PendingInvitation[] } | (Refusal & { problems?: RowProblem[] }) => {
      const cohort = cohortRow(tx, cohortId);
      if (!cohort) return notFound();
      if (cohort.archivedAt !== null) return archived();
      const check = checkCohortImport(read.records, {
        organisations: tx.select({ id: organisations.id, name: organisations.name, odsCode: organisations.odsCode }).from(organisations).all(),
        people: emails.length
          ? tx.select({ id: users.id, email: users.emailNormalised, status: users.status }).from(users).where(inArray(users.emailNormalised, emails)).all()
          : [],
        currentMemberIds: tx
          .select({ userId: cohortMemberships.userId })
          .from(cohortMemberships)
          .where(and(eq(cohortMemberships.cohortId, cohortId), isNull(cohortMemberships.leftAt)))
          .all()
          .map((m) => m.userId),
        facilitatorIds: [cohort.facilitatorId, cohort.coFacilitatorId].filter((x): x is string => Boolean(x)),
      });
      if (!check.ok) {
        const n = check.problems.length;
        return {
          ...refuse(
            400,
            { file: "Correct the rows listed, then choose the file again" },
            `No one was imported. ${n === 1 ? "1 row has a problem" : `${n} rows have problems`}: correct ${n === 1 ? "it" : "them"} and upload the whole file again.`,
          ),
          problems: check.problems,
        };
      }

      const invitations: PendingInvitation[] = [];
      const joinedAt = Date.now();
      for (const row of check.rows) {
        let userId = row.existingPersonId;
        if (userId) {
          if (!rolesOf(tx, userId).includes("clinical_lead")) {
            tx.insert(userRoles).values({ userId, role: "clinical_lead" }).run();
            audit({ actorId: actor.id, action: "role_added", targetType: "user", targetId: userId, detail: { role: "clinical_lead", cohortId }, ip: actor.ip }, tx);
          }
        } else {
          const invitation = createInvitedPerson(
            tx,
            { name: row.name, email: row.email, organisationId: row.organisationId, profession: row.profession, roles: ["clinical_lead"] },
            actor,
          );
          invitations.push(invitation);
          userId = invitation.userId;
        }
        tx.insert(cohortMemberships).values({ id: newId(), cohortId, userId, joinedAt }).run();
        audit({ actorId: actor.id, action: "membership_added", targetType: "user", targetId: userId, detail: { cohortId }, ip: actor.ip }, tx);
      }
      queueRemindersForCohort(tx, cohortId, Date.now());
      audit(
        {
          actorId: actor.id,
          action: "cohort_import",
          targetType: "cohort",
          targetId: cohortId,
          detail: { cohortId, added: check.rows.length, invited: invitations.length, existing: check.rows.length - invitations.length },
          ip: actor.ip,
        },
        tx,
      );
      return { ok: true as const, added: check.rows.length, invitations };
    },
    { behavior: "immediate" },
  );
  if (!outcome.ok) return outcome;
  const unsent = await deliverInvitations(outcome.invitations, actor.name);
  return { ok: true, added: outcome.added, invited: outcome.invitations.length, unsent };
}
