/**
 * Creating people and inviting them, shared by the people pages and the CSV
 * import. Rows are written inside the caller's transaction; emails go out
 * only after it commits (`deliverInvitations`), so nothing is half-saved and
 * no one is emailed about a change that was rolled back.
 */
import { eq } from "drizzle-orm";
import { userRoles, users, type Profession, type Role } from "~db/schema";
import type { DB } from "~db/client";
import { db } from "~/server/context.server";
import { sendInvitationEmail } from "~/server/emails.server";
import { newId } from "~/server/ids.server";
import { issueToken, normaliseEmail } from "./account.server";
import { audit } from "./audit.server";

type Tx = Pick<DB, "insert" | "update" | "select" | "delete">;

export type NewPerson = {
  name: string;
  email: string;
  /** Null only for the first admin made from the command line, before organisations exist. */
  organisationId: string | null;
  profession: Profession;
  roles: Role[];
};

export type PendingInvitation = { userId: string; name: string; email: string; token: string };

export function findPersonByEmail(email: string, tx: Tx = db()) {
  return tx
    .select({ id: users.id, name: users.name, email: users.email, status: users.status })
    .from(users)
    .where(eq(users.emailNormalised, normaliseEmail(email)))
    .get();
}

export function createInvitedPerson(tx: Tx, person: NewPerson, actor: { id: string; ip?: string }): PendingInvitation {
  const userId = newId();
  tx.insert(users)
    .values({
      id: userId,
      name: person.name.trim(),
      email: person.email.trim(),
      emailNormalised: normaliseEmail(person.email),
      organisationId: person.organisationId,
      profession: person.profession,
      status: "invited",
    })
    .run();
  for (const role of new Set(person.roles)) tx.insert(userRoles).values({ userId, role }).run();
  audit({ actorId: actor.id, action: "person_invited", targetType: "user", targetId: userId, detail: { roles: [...new Set(person.roles)] }, ip: actor.ip }, tx);
  return { userId, name: person.name.trim(), email: person.email.trim(), token: issueToken(tx, userId, "invitation") };
}

/** A new link for someone who has not accepted yet; earlier links stop working. */
export function reissueInvitation(tx: Tx, userId: string, actor: { id: string; ip?: string }): PendingInvitation | null {
  const person = tx
    .select({ name: users.name, email: users.email, status: users.status })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!person || person.status !== "invited") return null;
  audit({ actorId: actor.id, action: "invitation_resent", targetType: "user", targetId: userId, ip: actor.ip }, tx);
  return { userId, name: person.name, email: person.email, token: issueToken(tx, userId, "invitation") };
}

/** Sends the emails after the transaction has committed; returns how many failed. */
export async function deliverInvitations(invitations: PendingInvitation[], invitedBy: string) {
  let failed = 0;
  for (const invitation of invitations) {
    const ok = await sendInvitationEmail(invitation, invitation.token, invitedBy);
    if (!ok) failed += 1;
  }
  return failed;
}
