/**
 * Integration-test helpers: a fresh, migrated SQLite file per test file, the
 * app's services pointed at it, an in-memory mailer that records emails, and
 * ways to make people, sign them in and call route loaders/actions with real
 * Request objects.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { afterAll, beforeAll } from "vitest";
import { openDatabase, runMigrations } from "~db/client";
import { footprints, organisations, regions, userRoles, users, type Profession, type Role } from "~db/schema";
import { createUserSession } from "~/server/auth.server";
import { setServices, services, type Services } from "~/server/context.server";
import type { Email, Mailer } from "~/server/email.server";
import { parseEnv } from "~/server/env.server";
import { newId } from "~/server/ids.server";

export const ORIGIN = "http://localhost:3000";

export type TestMailer = Mailer & { sent: Email[]; fail: boolean };

export function memoryMailer(): TestMailer {
  const mailer: TestMailer = {
    describe: "memory",
    sent: [],
    fail: false,
    async send(email) {
      if (mailer.fail) throw new Error("mail service unavailable");
      mailer.sent.push(email);
    },
  };
  return mailer;
}

/** Call at the top of a test file: fresh database and services for that file. */
export function useTestApp(envOverrides: Record<string, string> = {}) {
  const state = {} as { dir: string; services: Services; mailer: TestMailer };
  beforeAll(() => {
    state.dir = mkdtempSync(join(tmpdir(), "als-test-"));
    const env = parseEnv({
      NODE_ENV: "test",
      DATABASE_PATH: join(state.dir, "test.sqlite"),
      OUTBOX_DIR: join(state.dir, "outbox"),
      APP_ORIGIN: ORIGIN,
      SEED_DEMO: "false",
      REQUIRE_MFA: "false",
      ...envOverrides,
    });
    const conn = openDatabase(env.DATABASE_PATH);
    runMigrations(conn);
    state.mailer = memoryMailer();
    state.services = { env, conn, mailer: state.mailer };
    setServices(state.services);
  });
  afterAll(() => {
    state.services?.conn.sqlite.close();
    setServices(undefined);
    rmSync(state.dir, { recursive: true, force: true });
  });
  return state;
}

export const db = () => services().conn.db;

/** A region, footprint and organisation to hang people and cohorts on. */
export function makePlace(label = newId().slice(0, 6)) {
  const regionId = newId();
  const footprintId = newId();
  const organisationId = newId();
  db().insert(regions).values({ id: regionId, name: `Region ${label}` }).run();
  db().insert(footprints).values({ id: footprintId, regionId, name: `Footprint ${label}` }).run();
  db()
    .insert(organisations)
    .values({ id: organisationId, name: `Organisation ${label}`, setting: "acute", footprintId })
    .run();
  return { regionId, footprintId, organisationId };
}

export function makePerson(
  opts: {
    roles?: Role[];
    name?: string;
    email?: string;
    organisationId?: string | null;
    profession?: Profession;
    status?: "invited" | "active" | "deactivated";
    passwordHash?: string | null;
    totpKey?: string | null;
  } = {},
) {
  const id = newId();
  const email = opts.email ?? `${id}@example.com`;
  db()
    .insert(users)
    .values({
      id,
      name: opts.name ?? `Person ${id.slice(0, 5)}`,
      email,
      emailNormalised: email.toLowerCase(),
      organisationId: opts.organisationId ?? null,
      profession: opts.profession ?? "nurse",
      status: opts.status ?? "active",
      passwordHash: opts.passwordHash ?? null,
      totpKey: opts.totpKey ?? null,
    })
    .run();
  for (const role of opts.roles ?? ["clinical_lead"]) db().insert(userRoles).values({ userId: id, role }).run();
  return { id, email };
}

/** A session cookie for a person, as if they had signed in (and passed two-factor). */
export async function cookieFor(userId: string, opts: { twoFactorVerified?: boolean } = {}) {
  const { cookie } = await createUserSession(userId, { twoFactorVerified: opts.twoFactorVerified ?? true });
  return cookie.split(";")[0];
}

export const testContext = () => ({ ip: "127.0.0.1", cspNonce: "test-nonce" });

type Form = Record<string, string | string[] | File>;

export function makeRequest(
  path: string,
  opts: { method?: string; cookie?: string; form?: Form; headers?: Record<string, string> } = {},
) {
  const headers = new Headers(opts.headers);
  if (opts.cookie) headers.set("Cookie", opts.cookie);
  let body: FormData | undefined;
  if (opts.form) {
    body = new FormData();
    for (const [key, value] of Object.entries(opts.form)) {
      if (Array.isArray(value)) for (const v of value) body.append(key, v);
      else body.append(key, value);
    }
  }
  return new Request(new URL(path, ORIGIN), {
    method: opts.method ?? (opts.form ? "POST" : "GET"),
    headers,
    body,
  });
}

/** Runs a loader or action; a thrown Response (redirect, 403) is returned, not thrown. */
export async function run(
  fn: (args: LoaderFunctionArgs & ActionFunctionArgs) => unknown,
  request: Request,
  params: Record<string, string> = {},
): Promise<Response> {
  try {
    const out = await fn({ request, params, context: testContext() } as LoaderFunctionArgs & ActionFunctionArgs);
    if (out instanceof Response) return out;
    return new Response(JSON.stringify(out ?? null), { status: 200, headers: { "Content-Type": "application/json" } });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

export async function jsonOf<T = any>(response: Response): Promise<T> {
  return (await response.json()) as T;
}
