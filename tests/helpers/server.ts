/**
 * Starts the real server from the Remix build (as `server.ts` does) on a free
 * port with a temporary database. Used by tests that need the whole stack:
 * Express middleware, security headers, Socket.IO.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import type { AppServer } from "~/server/app.server";

export type RunningServer = { base: string; port: number; server: AppServer; dir: string; stop(): Promise<void> };

export async function startBuiltServer(env: Record<string, string> = {}): Promise<RunningServer> {
  const buildPath = resolve("build/index.js");
  if (!existsSync(buildPath)) throw new Error("build/index.js is missing: run `npm run build` first (npm test does)");
  const build = (await import(pathToFileURL(buildPath).href)) as ServerBuild;
  const { createAppServer } = build.entry.module as unknown as { createAppServer: typeof import("~/server/app.server").createAppServer };
  const dir = mkdtempSync(join(tmpdir(), "als-server-"));
  const wanted = await freePort();
  const server = await createAppServer({
    build,
    envSource: {
      NODE_ENV: "test",
      PORT: String(wanted),
      APP_ORIGIN: `http://127.0.0.1:${wanted}`,
      HOST: "127.0.0.1",
      DATABASE_PATH: join(dir, "app.sqlite"),
      OUTBOX_DIR: join(dir, "outbox"),
      SEED_DEMO: "true",
      REQUIRE_MFA: "false",
      LOG_LEVEL: "silent",
      ...env,
    },
  });
  const port = await server.listen();
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    port,
    server,
    dir,
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Signs a demo person in over HTTP and returns their cookie. */
export async function signInOverHttp(base: string, email: string, password = "demo-password-2026") {
  const res = await fetch(`${base}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email, password, redirectTo: "" }),
  });
  const cookie = res.headers.get("set-cookie");
  if (res.status !== 302 || !cookie) throw new Error(`sign-in failed for ${email}: ${res.status}`);
  return cookie.split(";")[0];
}

function freePort() {
  return new Promise<number>((done, fail) => {
    const probe = createServer();
    probe.once("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}
