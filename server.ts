/**
 * Process entry: loads the Remix server build and starts the app server it
 * exports (Express + Remix + Socket.IO on one HTTP server). Everything that
 * holds state lives in the build, so this file imports nothing from app/,
 * db/ or realtime/ directly.
 */
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import type { ServerBuild } from "@remix-run/node";

type Entry = typeof import("./app/entry.server");

// Settings may come from a .env file (see .env.example); real environment variables win.
if (existsSync(".env")) process.loadEnvFile(".env");

const build = (await import(pathToFileURL(resolve("build/index.js")).href)) as ServerBuild;
const { createAppServer } = build.entry.module as unknown as Entry;

const server = await createAppServer({ build });
const port = await server.listen();
const url = `http://localhost:${port}`;
console.log(`CLN Action Learning Sets is running at ${url} (database ${server.services.conn.path}, email to ${server.services.mailer.describe})`);
if (server.demoSignIns.length) {
  console.log(["", "Demo sign-ins (seeded into the new database):", ...server.demoSignIns.map((l) => `  ${l}`), ""].join("\n"));
}
if (!server.env.REQUIRE_MFA) console.log("Two-factor sign-in is optional here (REQUIRE_MFA=false).");

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`${signal} received: finishing open requests and closing the database`);
  const force = setTimeout(() => {
    console.error("shutdown took longer than 10 s; exiting");
    process.exit(1);
  }, 10_000);
  force.unref();
  await server.close();
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
