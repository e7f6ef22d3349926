/**
 * Runs `npm run -s als -- ...` as an operator would: a real child process
 * (`node --import tsx cli/als.ts`, what package.json's "als" runs), real
 * stdin/stdout pipes, and only what a shell needs in its environment (no
 * DATABASE_PATH, no NOTIFY_API_KEY, nothing from .env) unless given.
 */
import { spawn } from "node:child_process";
import { resolve } from "node:path";

export const ROOT = resolve(__dirname, "../..");
export const BARE_ENV: NodeJS.ProcessEnv = { NODE_ENV: "production", PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", LANG: "C.UTF-8" };

export type Run = { code: number | null; stdout: string; stderr: string };

export function run(command: string, args: string[], input: string, env: NodeJS.ProcessEnv = BARE_ENV): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

export const als = (args: string[], input = "", env?: NodeJS.ProcessEnv) => run(process.execPath, ["--import", "tsx", "cli/als.ts", ...args], input, env);
