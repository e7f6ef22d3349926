/**
 * Sign-in and the person's own account: password, invitation and reset links,
 * two-factor enrolment. Every outcome that matters is in the audit log.
 */
import { and, count, eq, gt, isNull, lt } from "drizzle-orm";
import { signInFailures, userRoles, users, userTokens, type Role } from "~db/schema";
import type { DB } from "~db/client";
import { needsTwoFactor } from "~/domain/labels";
import { createUserSession, endAllSessionsOf, markSessionTwoFactorVerified } from "~/server/auth.server";
import { db } from "~/server/context.server";
import { sendPasswordResetEmail } from "~/server/emails.server";
import { newId, newToken, sha256Hex } from "~/server/ids.server";
import { hashPassword, isCommonPassword, verifyAgainstNothing, verifyPassword } from "~/server/passwords.server";
import { checkTotp, newTotpKey } from "~/server/totp.server";
import { audit } from "./audit.server";

export const MAX_FAILED_SIGN_INS_PER_HOUR = 100;
export const INVITATION_DAYS = 7;
export const RESET_HOURS = 1;

export const normaliseEmail = (email: string) => email.trim().toLowerCase();

type Tx = Pick<DB, "insert" | "update" | "select" | "delete">;

function rolesOf(userId: string, tx: Tx = db()): Role[] {
  return tx.select({ role: userRoles.role }).from(userRoles).where(eq(userRoles.userId, userId)).all().map((r) => r.role);
}

export type SignInResult =
  | { ok: true; cookie: string; next: "home" | "two-factor" | "enrol-two-factor" }
  | { ok: false; reason: "invalid" | "too-many" };

export async function signIn(input: { email: string; password: string; ip: string }): Promise<SignInResult> {
  const email = normaliseEmail(input.email);
  const hourAgo = Date.now() - 3600_000;
  const failures =
    db()
      .select({ n: count() })
      .from(signInFailures)
      .where(and(eq(signInFailures.emailNormalised, email), gt(signInFailures.at, hourAgo)))
      .get()?.n ?? 0;
  if (failures >= MAX_FAILED_SIGN_INS_PER_HOUR) {
    audit({ actorId: null, action: "sign_in_limited", detail: { email }, ip: input.ip });
    return { ok: false, reason: "too-many" };
  }
  const user = db()
    .select({ id: users.id, status: users.status, passwordHash: users.passwordHash, totpKey: users.totpKey })
    .from(users)
    .where(eq(users.emailNormalised, email))
    .get();
  const good =
    user && user.status === "active" && user.passwordHash
      ? await verifyPassword(user.passwordHash, input.password)
      : await verifyAgainstNothing(input.password);
  if (!good || !user) {
    db().transaction(
      (tx) => {
        tx.insert(signInFailures).values({ emailNormalised: email, at: Date.now() }).run();
        tx.delete(signInFailures).where(lt(signInFailures.at, hourAgo)).run();
        audit({ actorId: user?.id ?? null, action: "sign_in_failed", detail: { email }, ip: input.ip }, tx);
      },
      { behavior: "immediate" },
    );
    return { ok: false, reason: "invalid" };
  }
  const { cookie } = await createUserSession(user.id, { twoFactorVerified: false });
  audit({ actorId: user.id, action: "sign_in", targetType: "user", targetId: user.id, ip: input.ip });
  if (user.totpKey) return { ok: true, cookie, next: "two-factor" };
  return { ok: true, cookie, next: needsTwoFactor(rolesOf(user.id)) ? "enrol-two-factor" : "home" };
}

/** Checks a code for a signed-in session that is waiting for its second factor. */
export function verifySecondFactor(input: { userId: string; sessionId: string; code: string; ip: string }) {
  const user = db()
    .select({ totpKey: users.totpKey, totpLastStep: users.totpLastStep })
    .from(users)
    .where(eq(users.id, input.userId))
    .get();
  if (!user?.totpKey) return false;
  const step = checkTotp(user.totpKey, input.code, user.totpLastStep);
  if (step === null) {
    audit({ actorId: input.userId, action: "two_factor_failed", ip: input.ip });
    return false;
  }
  db().transaction(
    (tx) => {
      tx.update(users).set({ totpLastStep: step }).where(eq(users.id, input.userId)).run();
      markSessionTwoFactorVerified(input.sessionId, tx);
      audit({ actorId: input.userId, action: "two_factor_passed", ip: input.ip }, tx);
    },
    { behavior: "immediate" },
  );
  return true;
}

export const PENDING_KEY_MINUTES = 30;

/**
 * The key to show while someone sets up two-factor: the same one until they
 * confirm it (or it is 30 minutes old), so a mistyped code does not make them
 * scan a new QR code. It lives on the server, never in the form.
 */
export function pendingTotpKey(userId: string) {
  const row = db()
    .select({ key: users.totpPendingKey, at: users.totpPendingAt })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (row?.key && row.at && Date.now() - row.at < PENDING_KEY_MINUTES * 60_000) return row.key;
  const key = newTotpKey();
  db().update(users).set({ totpPendingKey: key, totpPendingAt: Date.now() }).where(eq(users.id, userId)).run();
  return key;
}

/** Confirms enrolment: the person proves their app holds the pending key before it becomes theirs. */
export function enrolTwoFactor(input: { userId: string; sessionId: string; code: string; ip: string }) {
  const pending = db()
    .select({ key: users.totpPendingKey, at: users.totpPendingAt })
    .from(users)
    .where(eq(users.id, input.userId))
    .get();
  if (!pending?.key || !pending.at || Date.now() - pending.at >= PENDING_KEY_MINUTES * 60_000) return "expired" as const;
  const step = checkTotp(pending.key, input.code, null);
  if (step === null) return "wrong-code" as const;
  db().transaction(
    (tx) => {
      tx.update(users)
        .set({ totpKey: pending.key, totpPendingKey: null, totpPendingAt: null, totpLastStep: step, updatedAt: Date.now() })
        .where(eq(users.id, input.userId))
        .run();
      audit({ actorId: input.userId, action: "two_factor_enrolled", targetType: "user", targetId: input.userId, ip: input.ip }, tx);
      markSessionTwoFactorVerified(input.sessionId, tx);
    },
    { behavior: "immediate" },
  );
  return "enrolled" as const;
}

// ---- single-use links ---------------------------------------------------

/** Issues a link token inside the caller's transaction; earlier unused ones of that kind stop working. */
export function issueToken(tx: Tx, userId: string, kind: "invitation" | "password_reset") {
  const token = newToken();
  const now = Date.now();
  const ttl = kind === "invitation" ? INVITATION_DAYS * 86_400_000 : RESET_HOURS * 3600_000;
  tx.update(userTokens)
    .set({ usedAt: now })
    .where(and(eq(userTokens.userId, userId), eq(userTokens.kind, kind), isNull(userTokens.usedAt)))
    .run();
  tx.insert(userTokens)
    .values({ id: newId(), userId, kind, tokenHash: sha256Hex(token), expiresAt: now + ttl })
    .run();
  return token;
}

export function findUsableToken(token: string, kind: "invitation" | "password_reset") {
  const row = db()
    .select({
      tokenId: userTokens.id,
      userId: userTokens.userId,
      expiresAt: userTokens.expiresAt,
      usedAt: userTokens.usedAt,
      name: users.name,
      email: users.email,
      status: users.status,
    })
    .from(userTokens)
    .innerJoin(users, eq(users.id, userTokens.userId))
    .where(and(eq(userTokens.tokenHash, sha256Hex(token)), eq(userTokens.kind, kind)))
    .get();
  if (!row || row.usedAt !== null || row.expiresAt <= Date.now() || row.status === "deactivated") return null;
  return { ...row, roles: rolesOf(row.userId) };
}

export type PasswordResult = { ok: true; cookie: string; needsTwoFactorEnrolment: boolean } | { ok: false; error: string };

async function setPasswordWithToken(
  token: string,
  kind: "invitation" | "password_reset",
  password: string,
  ip: string,
): Promise<PasswordResult> {
  if (isCommonPassword(password)) {
    return { ok: false, error: "This password is too common and easy to guess. Choose a different password" };
  }
  const passwordHash = await hashPassword(password);
  const found = findUsableToken(token, kind);
  if (!found) return { ok: false, error: "This link has expired or has already been used" };
  const applied = db().transaction(
    (tx) => {
      // Spend the token first: if two requests race, only one sets the password.
      const spent = tx
        .update(userTokens)
        .set({ usedAt: Date.now() })
        .where(and(eq(userTokens.id, found.tokenId), isNull(userTokens.usedAt)))
        .run();
      if (spent.changes !== 1) return false;
      tx.update(users)
        .set({ passwordHash, status: "active", updatedAt: Date.now() })
        .where(eq(users.id, found.userId))
        .run();
      audit(
        {
          actorId: found.userId,
          action: kind === "invitation" ? "invitation_accepted" : "password_reset",
          targetType: "user",
          targetId: found.userId,
          ip,
        },
        tx,
      );
      return true;
    },
    { behavior: "immediate" },
  );
  if (!applied) return { ok: false, error: "This link has expired or has already been used" };
  // A new password ends every other session of this person (trust.md).
  await endAllSessionsOf(found.userId);
  const hasTotp = Boolean(db().select({ k: users.totpKey }).from(users).where(eq(users.id, found.userId)).get()?.k);
  const { cookie } = await createUserSession(found.userId, { twoFactorVerified: false });
  return { ok: true, cookie, needsTwoFactorEnrolment: !hasTotp && needsTwoFactor(found.roles) };
}

export const acceptInvitation = (token: string, password: string, ip: string) =>
  setPasswordWithToken(token, "invitation", password, ip);

export const resetPassword = (token: string, password: string, ip: string) =>
  setPasswordWithToken(token, "password_reset", password, ip);

/** Always looks the same to the caller, whether or not the email is known. */
export async function requestPasswordReset(email: string, ip: string) {
  const user = db()
    .select({ id: users.id, name: users.name, email: users.email, status: users.status })
    .from(users)
    .where(eq(users.emailNormalised, normaliseEmail(email)))
    .get();
  if (!user || user.status !== "active") {
    audit({ actorId: null, action: "password_reset_requested_unknown", ip });
    return;
  }
  const token = db().transaction(
    (tx) => {
      const t = issueToken(tx, user.id, "password_reset");
      audit({ actorId: user.id, action: "password_reset_requested", targetType: "user", targetId: user.id, ip }, tx);
      return t;
    },
    { behavior: "immediate" },
  );
  await sendPasswordResetEmail(user, token);
}
