/**
 * The real process (`server.ts`): it starts on a new database, seeds the demo
 * and prints the demo sign-ins; on SIGTERM it finishes, closes the database
 * cleanly and exits 0.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { expect, it } from "vitest";

function freePort() {
  return new Promise<number>((done) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });
}

it("starts, serves, and shuts down cleanly on SIGTERM", async () => {
  const dir = mkdtempSync(join(tmpdir(), "als-process-"));
  const port = await freePort();
  const child = spawn(process.execPath, ["--import", "tsx", "server.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "test",
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_ORIGIN: `http://127.0.0.1:${port}`,
      DATABASE_PATH: join(dir, "app.sqlite"),
      OUTBOX_DIR: join(dir, "outbox"),
      SEED_DEMO: "true",
      LOG_LEVEL: "silent",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  try {
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(() => fail(new Error(`server did not start:\n${output}`)), 20_000);
      child.stdout.on("data", () => {
        if (output.includes("is running at") && output.includes("password for all of them")) {
          clearTimeout(timer);
          ready();
        }
      });
      child.once("exit", (code) => fail(new Error(`server exited early (${code}):\n${output}`)));
    });
    expect(output).toContain("admin@example.com");
    expect(output).toContain("demo-password-2026");
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(await res.text()).toBe("ok");

    const exit = new Promise<number | null>((done) => child.once("exit", (code) => done(code)));
    child.kill("SIGTERM");
    expect(await exit).toBe(0);
    expect(output).toContain("SIGTERM received");

    const db = new Database(join(dir, "app.sqlite"), { readonly: true });
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect((db.prepare("select count(*) as n from users").get() as { n: number }).n).toBeGreaterThan(20);
    db.close();
  } finally {
    if (child.exitCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
});
