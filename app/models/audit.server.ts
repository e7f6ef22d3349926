/**
 * The audit log: who did what, when. Callers pass identifiers and labels only,
 * never passwords, tokens or anything typed inside a set.
 */
import { and, desc, eq, gte, lt, sql } from "drizzle-orm";
import { auditLog, users } from "~db/schema";
import type { DB } from "~db/client";
import { db } from "~/server/context.server";
import { londonMidnight } from "~/utils/dates";

export type AuditEntry = {
  actorId: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  detail?: Record<string, string | number | boolean | null | string[]>;
  ip?: string | null;
};

type Tx = Pick<DB, "insert">;

export function audit(entry: AuditEntry, tx: Tx = db()) {
  tx.insert(auditLog)
    .values({
      at: Date.now(),
      actorId: entry.actorId,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
      ip: entry.ip ?? null,
    })
    .run();
}

export const AUDIT_PAGE_SIZE = 50;

export function listAudit(filter: { action?: string; actor?: string; from?: string; to?: string; page?: number }) {
  const conditions = [];
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.actor) {
    const term = `%${filter.actor.toLowerCase()}%`;
    conditions.push(sql`(lower(${users.name}) like ${term} or ${users.emailNormalised} like ${term})`);
  }
  // Dates are UK calendar days, as the page shows times in UK time.
  if (filter.from) conditions.push(gte(auditLog.at, londonMidnight(filter.from)));
  if (filter.to) conditions.push(lt(auditLog.at, londonMidnight(filter.to, 1)));
  const where = conditions.length ? and(...conditions) : undefined;
  const page = filter.page ?? 1;
  const rows = db()
    .select({
      id: auditLog.id,
      at: auditLog.at,
      action: auditLog.action,
      targetType: auditLog.targetType,
      targetId: auditLog.targetId,
      detail: auditLog.detail,
      ip: auditLog.ip,
      actorName: users.name,
      actorEmail: users.email,
    })
    .from(auditLog)
    .leftJoin(users, eq(users.id, auditLog.actorId))
    .where(where)
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1)
    .offset((page - 1) * AUDIT_PAGE_SIZE)
    .all();
  const actions = db()
    .selectDistinct({ action: auditLog.action })
    .from(auditLog)
    .orderBy(auditLog.action)
    .all()
    .map((r) => r.action);
  return { rows: rows.slice(0, AUDIT_PAGE_SIZE), hasMore: rows.length > AUDIT_PAGE_SIZE, page, actions };
}

