// Makes sure a Chromium for the Playwright tests is on this machine. Playwright
// cannot download its own browser here, so we use Debian's `chromium`
// (CHROMIUM_PATH overrides the path). As root with apt, it is installed;
// otherwise we stop with a one-line instruction.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
if (existsSync(path)) process.exit(0);

const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
const hasApt = existsSync("/usr/bin/apt-get");
if (!isRoot || !hasApt) {
  console.error(`No Chromium at ${path}: install it with 'sudo apt-get install -y chromium' (or set CHROMIUM_PATH), then run npm test again.`);
  process.exit(1);
}
console.log(`No Chromium at ${path}; installing Debian's chromium with apt-get (a few minutes)…`);
const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
execFileSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium", "fonts-liberation"], { stdio: "inherit", env });
if (!existsSync(path)) {
  console.error(`apt-get finished but there is still no Chromium at ${path}.`);
  process.exit(1);
}
console.log(`Chromium installed at ${path}.`);
