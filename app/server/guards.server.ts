/**
 * Guards for loaders and actions. They throw (a redirect or a 403), never
 * return booleans: code after a guard runs only for someone allowed there.
 */
import { redirect } from "@remix-run/node";
import { eq } from "drizzle-orm";
import { userRoles, users, type Role } from "~db/schema";
import { needsTwoFactor } from "~/domain/labels";
import { endSession, readSession, readSessionToken } from "./auth.server";
import { db, env } from "./context.server";

export type CurrentUser = {
  id: string;
  name: string;
  email: string;
  roles: Role[];
  hasTotp: boolean;
  sessionId: string;
  twoFactorVerified: boolean;
};

export function getCurrentUser(request: Request): Promise<CurrentUser | null> {
  return userFromCookie(request.headers.get("Cookie"));
}

/** The signed-in, active person behind a Cookie header (pages and the Socket.IO handshake). */
export async function userFromCookie(cookieHeader: string | null | undefined): Promise<CurrentUser | null> {
  const session = await readSession(readSessionToken(cookieHeader));
  if (!session) return null;
  const user = db()
    .select({ id: users.id, name: users.name, email: users.email, status: users.status, totpKey: users.totpKey })
    .from(users)
    .where(eq(users.id, session.userId))
    .get();
  if (!user || user.status !== "active") {
    await endSession(session.id);
    return null;
  }
  const roles = db()
    .select({ role: userRoles.role })
    .from(userRoles)
    .where(eq(userRoles.userId, user.id))
    .all()
    .map((r) => r.role);
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    roles,
    hasTotp: Boolean(user.totpKey),
    sessionId: session.id,
    twoFactorVerified: session.twoFactorVerified,
  };
}

function signInRedirect(request: Request) {
  const url = new URL(request.url);
  const back = url.pathname + url.search;
  const query = back && back !== "/" ? `?${new URLSearchParams({ redirectTo: back })}` : "";
  return redirect(`/sign-in${query}`);
}

type RequireOptions = {
  /** For the second-factor pages themselves. */
  allowPendingTwoFactor?: boolean;
  allowMissingTwoFactor?: boolean;
};

export async function requireUser(request: Request, options: RequireOptions = {}) {
  const user = await getCurrentUser(request);
  if (!user) throw signInRedirect(request);
  if (user.hasTotp && !user.twoFactorVerified && !options.allowPendingTwoFactor) {
    throw redirect("/sign-in/two-factor");
  }
  if (
    env().REQUIRE_MFA &&
    needsTwoFactor(user.roles) &&
    !user.hasTotp &&
    !options.allowMissingTwoFactor
  ) {
    throw redirect("/account/two-factor");
  }
  return user;
}

export function forbidden(message = "You do not have access to this page") {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

export async function requireRole(request: Request, role: Role | readonly Role[]) {
  const user = await requireUser(request);
  const allowed = Array.isArray(role) ? role : [role];
  if (!user.roles.some((r) => allowed.includes(r))) throw forbidden();
  return user;
}

export async function requireAnonymous(request: Request) {
  const user = await getCurrentUser(request);
  if (user && (!user.hasTotp || user.twoFactorVerified)) throw redirect("/");
}
