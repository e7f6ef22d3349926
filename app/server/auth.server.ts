/**
 * The session seam. lucia 3 is end-of-life upstream (ADR 0001), so nothing
 * outside this file imports it: the rest of the app sees createUserSession,
 * readSession, endSession and endAllSessionsOf.
 *
 * The cookie carries a 160-bit random token; the database keeps only its
 * SHA-256 (the lucia session id), so a leaked database cannot be replayed as
 * cookies. Idle and absolute timeouts are enforced here, on the server
 * (ADR 0002).
 */
import { DrizzleSQLiteAdapter } from "@lucia-auth/adapter-drizzle";
import { eq } from "drizzle-orm";
import { Lucia, TimeSpan } from "lucia";
import type { DB } from "~db/client";
import { sessions, users } from "~db/schema";
import { userRoom } from "~realtime/server";
import { db, env, services } from "./context.server";
import { newToken, sha256Hex } from "./ids.server";

type SessionAttributes = { createdAt: number; twoFactorVerified: number };

function createLucia() {
  const settings = env();
  return new Lucia(new DrizzleSQLiteAdapter(db(), sessions, users), {
    sessionExpiresIn: new TimeSpan(settings.SESSION_IDLE_MINUTES, "m"),
    sessionCookie: {
      name: settings.SECURE_COOKIES ? "__Host-als_session" : "als_session",
      expires: false,
      attributes: { secure: settings.SECURE_COOKIES, sameSite: "lax", path: "/" },
    },
    getSessionAttributes: (attributes) => ({
      createdAt: attributes.createdAt,
      twoFactorVerified: attributes.twoFactorVerified === 1,
    }),
    getUserAttributes: () => ({}),
  });
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseSessionAttributes: SessionAttributes;
    DatabaseUserAttributes: Record<string, unknown>;
  }
}

const KEY = Symbol.for("cln-als.lucia");
type Holder = { [KEY]?: { lucia: ReturnType<typeof createLucia>; conn: unknown } };

function lucia() {
  const holder = globalThis as Holder;
  const conn = services().conn;
  if (!holder[KEY] || holder[KEY].conn !== conn) {
    holder[KEY] = { lucia: createLucia(), conn };
  }
  return holder[KEY].lucia;
}

export function sessionCookieName() {
  return lucia().sessionCookieName;
}

export type SessionInfo = {
  id: string;
  userId: string;
  twoFactorVerified: boolean;
  createdAt: number;
};

export async function createUserSession(userId: string, opts: { twoFactorVerified: boolean }) {
  const token = newToken();
  const session = await lucia().createSession(
    userId,
    { createdAt: Date.now(), twoFactorVerified: opts.twoFactorVerified ? 1 : 0 },
    { sessionId: sha256Hex(token) },
  );
  return { sessionId: session.id, cookie: sessionCookie(token) };
}

/**
 * A browser-session cookie (no Max-Age or Expires: lucia 3's `expires: false`
 * still sets 400 days), so closing the browser forgets it; the server enforces
 * the idle and absolute limits either way.
 */
function sessionCookie(value: string) {
  const { name, attributes } = lucia().createSessionCookie(value);
  return [
    `${name}=${value}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    attributes.secure ? "Secure" : null,
  ]
    .filter(Boolean)
    .join("; ");
}

export function blankSessionCookie() {
  return `${sessionCookie("")}; Max-Age=0`;
}

export function readSessionToken(cookieHeader: string | null | undefined) {
  return lucia().readSessionCookie(cookieHeader ?? "");
}

/**
 * The session behind a cookie token, or null if there is none, it was ended,
 * it has been idle too long, or it is past its absolute lifetime. A valid
 * session's idle deadline moves on (at most once a minute, to spare writes).
 */
export async function readSession(token: string | null | undefined): Promise<SessionInfo | null> {
  if (!token) return null;
  const id = sha256Hex(token);
  const { session } = await lucia().validateSession(id);
  if (!session) return null;
  const settings = env();
  const now = Date.now();
  const absoluteEnd = session.createdAt + settings.SESSION_ABSOLUTE_HOURS * 3600_000;
  if (now >= absoluteEnd) {
    await lucia().invalidateSession(id);
    return null;
  }
  const idleEnd = Math.min(now + settings.SESSION_IDLE_MINUTES * 60_000, absoluteEnd);
  if (idleEnd - session.expiresAt.getTime() >= 60_000) {
    db()
      .update(sessions)
      .set({ expiresAt: Math.floor(idleEnd / 1000) })
      .where(eq(sessions.id, id))
      .run();
  }
  return {
    id,
    userId: session.userId,
    twoFactorVerified: session.twoFactorVerified,
    createdAt: session.createdAt,
  };
}

/**
 * Activity in a live meeting keeps a session alive as a page request does
 * (trust.md). Returns false when the session has ended (signed out, idle too
 * long, past its absolute lifetime), so the caller can drop the connection.
 */
export function touchSession(sessionId: string, now = Date.now()): boolean {
  const row = db()
    .select({ expiresAt: sessions.expiresAt, createdAt: sessions.createdAt })
    .from(sessions)
    .where(eq(sessions.id, sessionId))
    .get();
  if (!row) return false;
  const settings = env();
  const absoluteEnd = row.createdAt + settings.SESSION_ABSOLUTE_HOURS * 3600_000;
  if (now >= absoluteEnd || now >= row.expiresAt * 1000) return false;
  const idleEnd = Math.min(now + settings.SESSION_IDLE_MINUTES * 60_000, absoluteEnd);
  if (idleEnd - row.expiresAt * 1000 >= 60_000) {
    db().update(sessions).set({ expiresAt: Math.floor(idleEnd / 1000) }).where(eq(sessions.id, sessionId)).run();
  }
  return true;
}

export function markSessionTwoFactorVerified(sessionId: string, tx: Pick<DB, "update"> = db()) {
  tx.update(sessions).set({ twoFactorVerified: 1 }).where(eq(sessions.id, sessionId)).run();
}

export async function endSession(sessionId: string) {
  await lucia().invalidateSession(sessionId);
}

/** Ends every session of a person and drops their live sockets. */
export async function endAllSessionsOf(userId: string) {
  await lucia().invalidateUserSessions(userId);
  services().io?.in(userRoom(userId)).disconnectSockets(true);
}
