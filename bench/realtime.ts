/**
 * Real-time benchmark of the live meeting (see bench/README.md).
 *
 *   npm run bench:realtime -- --sets 500 --seconds 20
 *
 * 1. Makes a temporary folder and database (db/client.ts openDatabase +
 *    runMigrations, in this process) and writes N cohorts straight into it:
 *    1 facilitator + 7 clinical leads each, a meeting starting in 5 minutes,
 *    and a signed-in session per person.
 * 2. Starts the real server (`node --import tsx server.ts`, from build/) on a
 *    free port, connects 8N socket.io-client sockets from this process, joins
 *    every one to its meeting, has the members accept the agreement and the
 *    facilitator start, then for --warmup + --seconds seconds sends one command
 *    per set per second (spread evenly over each second). Latency is from the
 *    send to the moment the last of the set's 8 sockets receives meeting:state
 *    with the command's version (or a later one).
 * 3. Does the same against bench/bare-server.ts: a bare Socket.IO server that
 *    writes one SQLite row and broadcasts a payload of the size the app's
 *    meeting:state had.
 * 4. Prints both, their p95 ratio, CPU and peak RSS; exits 1 if anything
 *    failed (refused ack, ack timeout, a set not all seeing a state, a
 *    disconnect), 2 on a setup failure or the watchdog.
 *
 * Only 127.0.0.1 is contacted. Everything is bounded: the load runs for a
 * fixed time, every ack and broadcast has a timeout, and a watchdog
 * (--max-minutes) kills the servers and exits.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { closeSync, existsSync, fsyncSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from "node:fs";
import { createServer as createNetServer } from "node:net";
import { cpus, tmpdir, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { io, type Socket } from "socket.io-client";
import type { Command } from "../app/domain/live/types";
import { openDatabase, runMigrations } from "../db/client";
import {
  cohortMemberships,
  cohorts,
  footprints,
  meetings,
  organisations,
  regions,
  sessions,
  userRoles,
  users,
} from "../db/schema";
import type { Ack, ClientToServerEvents, CommandRequest, ServerToClientEvents, Snapshot } from "../realtime/protocol";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT); // migrations, build/ and server.ts are found from the repository root

// ---- options ------------------------------------------------------------------

const COMMAND_MODES = ["hands", "timer", "mixed"] as const;
type CommandMode = (typeof COMMAND_MODES)[number];

function readOptions() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      sets: { type: "string", default: "50" },
      seconds: { type: "string", default: "30" },
      warmup: { type: "string", default: "5" },
      command: { type: "string", default: "hands" },
      batch: { type: "string", default: "100" },
      "command-timeout": { type: "string", default: "10" },
      only: { type: "string" },
      "payload-bytes": { type: "string" },
      "max-minutes": { type: "string", default: "10" },
      rounds: { type: "string", default: "1" },
      profile: { type: "string" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(
      [
        "usage: npm run bench:realtime -- [--sets N] [--seconds S] [--warmup W] [--command hands|timer|mixed]",
        "         [--batch B] [--command-timeout SECONDS] [--only app|bare] [--payload-bytes BYTES]",
        "         [--max-minutes M] [--rounds R] [--profile DIR] [--json]",
      ].join("\n"),
    );
    process.exit(0);
  }
  const int = (name: string, raw: string | undefined, min: number, max: number) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      console.error(`--${name} must be a whole number from ${min} to ${max} (got ${raw})`);
      process.exit(2);
    }
    return n;
  };
  const command = values.command as CommandMode;
  if (!COMMAND_MODES.includes(command)) {
    console.error(`--command must be one of ${COMMAND_MODES.join(", ")}`);
    process.exit(2);
  }
  const only = values.only;
  if (only !== undefined && only !== "app" && only !== "bare") {
    console.error("--only must be app or bare");
    process.exit(2);
  }
  return {
    sets: int("sets", values.sets, 1, 2000),
    seconds: int("seconds", values.seconds, 1, 600),
    warmup: int("warmup", values.warmup, 0, 120),
    command,
    batch: int("batch", values.batch, 1, 2000),
    commandTimeoutMs: int("command-timeout", values["command-timeout"], 1, 60) * 1000,
    only: only as "app" | "bare" | undefined,
    payloadBytes: values["payload-bytes"] === undefined ? undefined : int("payload-bytes", values["payload-bytes"], 16, 60_000),
    maxMinutes: int("max-minutes", values["max-minutes"], 1, 60),
    /** Runs of app and bare, alternating which goes first; the verdict is on all rounds' samples pooled. */
    rounds: int("rounds", values.rounds, 1, 9),
    /** Write a V8 CPU profile of each server (node --cpu-prof) into this folder. */
    profileDir: values.profile === undefined ? undefined : resolve(values.profile),
    json: values.json,
  };
}
const opts = readOptions();

const PER_SET = 8; // 1 facilitator + 7 clinical leads
const progress = (message: string) => process.stderr.write(`[bench] ${message}\n`);

// ---- children: the servers this process starts, and is the only one to stop ----

const children = new Set<ChildProcess>();
let tmpDir: string | null = null;

function cleanUp() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      try {
        process.kill(child.pid, "SIGKILL");
      } catch {
        // already gone
      }
    }
  }
  children.clear();
  if (tmpDir) {
    rmSync(tmpDir, { recursive: true, force: true });
    tmpDir = null;
  }
}
process.on("exit", cleanUp);
process.on("SIGINT", () => {
  cleanUp();
  process.exit(130);
});
process.on("SIGTERM", () => {
  cleanUp();
  process.exit(143);
});
const watchdog = setTimeout(() => {
  progress(`watchdog: still running after ${opts.maxMinutes} minutes; stopping the servers and giving up`);
  cleanUp();
  process.exit(2);
}, opts.maxMinutes * 60_000);
watchdog.unref();

class SetupError extends Error {}

// ---- fixture ------------------------------------------------------------------

type Person = { userId: string; name: string; token: string };
type SetFixture = { cohortId: string; meetingId: string; people: Person[] }; // people[0] is the facilitator

const newId = () => encodeBase32LowerCaseNoPadding(randomBytes(10));
const newToken = () => encodeBase32LowerCaseNoPadding(randomBytes(20));
const sha256Hex = (value: string) => createHash("sha256").update(value).digest("hex");
const newOpId = () => randomBytes(12).toString("base64url"); // 16 of [A-Za-z0-9_-]

const FIRST = ["Sarah", "Daniel", "Chloe", "Imran", "Rebecca", "Liam", "Zainab", "Helen", "Oluwaseun", "Katie", "Mark", "Fatima"];
const LAST = ["Whitfield", "Mensah", "Brennan", "Qureshi", "Holt", "Gallagher-Price", "Ali", "McAllister", "Adeyemi", "Rowlands"];

/** Writes the people, cohorts, meetings and sessions straight into a new, migrated database. */
function seed(databasePath: string, setCount: number): SetFixture[] {
  const conn = openDatabase(databasePath);
  try {
    runMigrations(conn);
    const now = Date.now();
    const day = 86_400_000;
    const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const fixture: SetFixture[] = [];
    conn.db.transaction(
      (tx) => {
        const region = tx.select({ id: regions.id }).from(regions).limit(1).get();
        const regionId = region?.id ?? newId();
        if (!region) tx.insert(regions).values({ id: regionId, name: "Bench region" }).run();
        const footprintId = newId();
        tx.insert(footprints).values({ id: footprintId, regionId, name: "Bench footprint" }).run();
        const organisationId = newId();
        tx.insert(organisations).values({ id: organisationId, name: "Bench NHS Foundation Trust", setting: "acute", footprintId }).run();

        for (let s = 0; s < setCount; s++) {
          const people: Person[] = [];
          for (let p = 0; p < PER_SET; p++) {
            const person = {
              userId: newId(),
              name: `${FIRST[(s + p) % FIRST.length]} ${LAST[(s * 7 + p) % LAST.length]}`,
              token: newToken(),
            };
            people.push(person);
            const email = `bench-${s}-${p}@example.com`;
            tx.insert(users)
              .values({
                id: person.userId,
                name: person.name,
                email,
                emailNormalised: email,
                organisationId,
                profession: p === 0 ? "psychologist" : "nurse",
                status: "active",
                // Facilitators are enrolled in two-factor sign-in, as production requires; the session below has passed it.
                totpKey: p === 0 ? encodeBase32LowerCaseNoPadding(randomBytes(20)) : null,
              })
              .run();
            tx.insert(userRoles).values({ userId: person.userId, role: p === 0 ? "facilitator" : "clinical_lead" }).run();
            tx.insert(sessions)
              .values({
                id: sha256Hex(person.token),
                userId: person.userId,
                expiresAt: Math.floor(now / 1000) + 30 * 60, // seconds: the default 30-minute idle deadline
                createdAt: now, // ms
                twoFactorVerified: 1,
              })
              .run();
          }
          const cohortId = newId();
          tx.insert(cohorts)
            .values({
              id: cohortId,
              name: `Bench set ${String(s + 1).padStart(4, "0")}`,
              footprintId,
              termStart: isoDate(now - 60 * day),
              termEnd: isoDate(now + 300 * day),
              facilitatorId: people[0].userId,
            })
            .run();
          for (const member of people.slice(1)) {
            tx.insert(cohortMemberships).values({ id: newId(), cohortId, userId: member.userId, joinedAt: now - 30 * day }).run();
          }
          const meetingId = newId();
          const startsAt = now + 5 * 60_000;
          tx.insert(meetings)
            .values({
              id: meetingId,
              cohortId,
              startsAt,
              endsAt: startsAt + 3 * 3_600_000,
              videoUrl: `https://meet.example.nhs.uk/bench-${s}`,
              status: "scheduled",
            })
            .run();
          fixture.push({ cohortId, meetingId, people });
        }
      },
      { behavior: "immediate" },
    );
    return fixture;
  } finally {
    conn.sqlite.close();
  }
}

// ---- servers ------------------------------------------------------------------

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createNetServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      const port = typeof address === "object" && address ? address.port : 0;
      probe.close(() => (port === 3000 || port === 3100 || port === 0 ? freePort().then(resolvePort, reject) : resolvePort(port)));
    });
  });
}

type Running = { label: string; child: ChildProcess; pid: number; port: number; url: string; origin: string; tail: string[] };

/** Starts a server as a child process and waits for GET /healthz to answer. */
async function startServer(label: string, script: string, env: (origin: string) => Record<string, string>): Promise<Running> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const profile = opts.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${join(opts.profileDir, label)}`] : [];
  const child = spawn(process.execPath, [...profile, "--import", "tsx", script], {
    cwd: ROOT,
    // A clean environment: only what Node needs and what we set, so no setting leaks in from the shell.
    env: {
      PATH: process.env.PATH ?? "/usr/bin:/bin",
      HOME: process.env.HOME ?? tmpdir(),
      ...(process.env.TMPDIR ? { TMPDIR: process.env.TMPDIR } : {}),
      PORT: String(port),
      HOST: "127.0.0.1",
      NODE_ENV: "production",
      ...env(origin),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (!child.pid) throw new SetupError(`${label}: could not start ${script}`);
  children.add(child);
  const tail: string[] = [];
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) {
      if (!line.trim()) continue;
      tail.push(line.slice(0, 500));
      if (tail.length > 40) tail.shift();
    }
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  child.once("exit", (code, signal) => {
    children.delete(child);
    if (!stopping.has(child)) {
      progress(`${label} exited unexpectedly (code ${code}, signal ${signal}); its last output:\n  ${tail.join("\n  ") || "(none)"}`);
    }
  });

  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new SetupError(`${label} exited during start (${child.exitCode ?? child.signalCode}):\n  ${tail.join("\n  ")}`);
    }
    try {
      const res = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return { label, child, pid: child.pid, port, url: origin, origin, tail };
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  throw new SetupError(`${label} did not answer /healthz within 60 s:\n  ${tail.join("\n  ")}`);
}

/** Servers this process is stopping on purpose (an exit of any other is reported). */
const stopping = new WeakSet<ChildProcess>();

async function stopServer(server: Running) {
  stopping.add(server.child);
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise<void>((done) => server.child.once("exit", () => done()));
  server.child.kill("SIGTERM");
  const clean = await Promise.race([exited.then(() => true), sleep(15_000).then(() => false)]);
  if (!clean) {
    progress(`${server.label} did not stop within 15 s of SIGTERM; killing it`);
    server.child.kill("SIGKILL");
    await exited;
  }
  children.delete(server.child);
}

/** The machine's CPU time counters (/proc/stat, in ticks): to see I/O wait and time stolen by the hypervisor. */
function machineTicks(): number[] | null {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0];
    return line.trim().split(/\s+/).slice(1, 9).map(Number); // user nice system idle iowait irq softirq steal
  } catch {
    return null;
  }
}

function machineShare(before: number[] | null, after: number[] | null) {
  if (!before || !after) return null;
  const d = after.map((v, i) => v - before[i]);
  const total = d.reduce((a, b) => a + b, 0) || 1;
  const pct = (v: number) => (v / total) * 100;
  return { busyPct: pct(d[0] + d[1] + d[2] + d[5] + d[6]), iowaitPct: pct(d[4]), stealPct: pct(d[7]), idlePct: pct(d[3]) };
}

/** CPU ticks used so far by every process on the machine, by pid (with its name). */
function processTicks(): Map<number, { name: string; ticks: number }> {
  const out = new Map<number, { name: string; ticks: number }>();
  let entries: string[] = [];
  try {
    entries = readdirSync("/proc").filter((e) => /^\d+$/.test(e));
  } catch {
    return out;
  }
  for (const e of entries) {
    try {
      const stat = readFileSync(`/proc/${e}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(Number(e), { name, ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** The busiest processes other than `ours` between two snapshots, as % of one core. */
function otherProcesses(before: Map<number, { name: string; ticks: number }>, after: Map<number, { name: string; ticks: number }>, ours: number[], seconds: number) {
  const byName = new Map<string, number>();
  for (const [pid, a] of after) {
    if (ours.includes(pid)) continue;
    const ticks = a.ticks - (before.get(pid)?.ticks ?? 0); // a process started meanwhile counts in full
    if (ticks > 0) byName.set(a.name, (byName.get(a.name) ?? 0) + ticks);
  }
  return [...byName]
    .map(([name, ticks]) => ({ name, pct: (ticks / 100 / seconds) * 100 }))
    .filter((p) => p.pct >= 1)
    .sort((a, b) => b.pct - a.pct)
    .slice(0, 5);
}

/** How long an fsync of a small write takes in `dir`: each command on either server waits for one (synchronous FULL). */
function probeFsync(dir: string) {
  const path = join(dir, "fsync-probe");
  const fd = openSync(path, "w");
  const times: number[] = [];
  const block = Buffer.alloc(4096, 1);
  const until = performance.now() + 5000;
  try {
    for (let i = 0; i < 200 && performance.now() < until; i++) {
      const t = performance.now();
      writeSync(fd, block, 0, block.length, (i % 64) * 4096);
      fsyncSync(fd);
      times.push(performance.now() - t);
    }
  } finally {
    closeSync(fd);
    rmSync(path, { force: true });
  }
  return percentiles(times);
}

/** Peak resident set size (VmHWM) of a running process, in MB, if /proc is there. */
function peakRssMb(pid: number): number | null {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // fields[0] is field 3 (state): utime is field 14, stime field 15; clock ticks are 100 a second on Linux.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

// ---- the load -------------------------------------------------------------------

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type Pending = {
  opId: string;
  sentAt: number;
  ackAt: number | null;
  version: number | null;
  seenAt: number[]; // per socket of the set, 0 until seen
  seen: number;
  measured: boolean;
  done: boolean;
};

type LiveSet = {
  fixture: SetFixture;
  sockets: ClientSocket[];
  /** Per socket: the last states received, as [version, at]. */
  log: Array<Array<[number, number]>>;
  pending: Pending[];
  handUp: boolean;
  timerPaused: boolean;
  tick: number;
};

type Errors = Record<string, number>;

type Result = {
  label: string;
  sets: number;
  sockets: number;
  connected: number;
  commands: number;
  completed: number;
  errors: Errors;
  errorSamples: string[];
  latency: Percentiles;
  /** Every measured command's latency (ms), for pooling rounds; left out of --json. */
  latencies: number[];
  ack: Percentiles;
  payloadBytes: number | null;
  sendLagP99Ms: number;
  clientCpuPct: number;
  clientLoopDelay: { p50: number; p99: number; max: number };
  serverCpuPct: number | null;
  machine: ReturnType<typeof machineShare>;
  others: Array<{ name: string; pct: number }>;
  serverPeakRssMb: number | null;
  clientPeakRssMb: number | null;
  connectSeconds: number;
  loadSeconds: number;
};

type Percentiles = { n: number; p50: number; p95: number; p99: number; max: number; mean: number };

function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { n: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN, mean: NaN };
  const sorted = Float64Array.from(values).sort();
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  const mean = sorted.reduce((a, b) => a + b, 0) / sorted.length;
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted[sorted.length - 1], mean };
}

const LOOP_RESOLUTION_MS = 5;

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** Runs `work` over `items` with at most `limit` in flight. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(runners);
}

async function runLoad(server: Running, fixture: SetFixture[], kind: "app" | "bare"): Promise<Result> {
  const errors: Errors = {};
  const errorSamples: string[] = [];
  const fail = (key: string, detail?: string) => {
    errors[key] = (errors[key] ?? 0) + 1;
    if (detail && errorSamples.length < 8) errorSamples.push(`${key}: ${detail}`);
  };
  let closing = false;
  let loadRunning = false;
  const payloadSamples: number[] = [];
  const latencies: number[] = [];
  const ackLatencies: number[] = [];
  let commands = 0;
  let completed = 0;

  const sets: LiveSet[] = fixture.map((f) => ({
    fixture: f,
    sockets: [],
    log: Array.from({ length: PER_SET }, () => []),
    pending: [],
    handUp: false,
    timerPaused: false,
    tick: 0,
  }));

  const finish = (set: LiveSet, p: Pending) => {
    p.done = true;
    const i = set.pending.indexOf(p);
    if (i >= 0) set.pending.splice(i, 1);
  };
  const markSeen = (set: LiveSet, p: Pending, j: number, at: number) => {
    if (p.seenAt[j] !== 0) return;
    p.seenAt[j] = at;
    p.seen++;
    if (p.seen === PER_SET && p.ackAt !== null) complete(set, p);
  };
  const complete = (set: LiveSet, p: Pending) => {
    finish(set, p);
    if (!p.measured) return;
    completed++;
    latencies.push(Math.max(...p.seenAt) - p.sentAt);
    ackLatencies.push((p.ackAt ?? p.sentAt) - p.sentAt);
  };

  const onState = (set: LiveSet, j: number, payload: { meetingId: string; state: { version: number } }) => {
    const at = performance.now();
    const version = payload?.state?.version;
    if (typeof version !== "number") return fail("bad-state", JSON.stringify(payload).slice(0, 120));
    if (loadRunning && j === 0 && payloadSamples.length < 200) payloadSamples.push(Buffer.byteLength(JSON.stringify(payload)));
    const log = set.log[j];
    log.push([version, at]);
    if (log.length > 32) log.shift();
    for (const p of [...set.pending]) {
      if (p.version !== null && version >= p.version) markSeen(set, p, j, at);
    }
  };

  // -- connect and join, in batches --
  const connectStarted = performance.now();
  let connected = 0;
  const socketsInOrder: Array<[LiveSet, number]> = [];
  for (const set of sets) for (let j = 0; j < PER_SET; j++) socketsInOrder.push([set, j]);

  const connectOne = async ([set, j]: [LiveSet, number]) => {
    const person = set.fixture.people[j];
    const socket: ClientSocket = io(server.url, {
      transports: ["websocket"],
      forceNew: true, // one connection per person, as browsers have
      reconnection: false,
      timeout: 20_000,
      extraHeaders: { Cookie: `als_session=${person.token}`, Origin: server.origin },
    });
    set.sockets[j] = socket;
    await new Promise<void>((done, reject) => {
      const timer = setTimeout(() => reject(new Error("connect timed out after 20 s")), 20_000);
      socket.once("connect", () => {
        clearTimeout(timer);
        done();
      });
      socket.once("connect_error", (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    socket.on("meeting:state", (payload) => onState(set, j, payload));
    socket.on("session:ended", (payload) => fail("session-ended", payload?.reason));
    socket.on("disconnect", (reason) => {
      if (!closing) fail("disconnect", reason);
    });
    const reply = (await socket.timeout(15_000).emitWithAck("meeting:join", { meetingId: set.fixture.meetingId })) as Ack<Snapshot>;
    if (!reply.ok) throw new Error(`join refused: ${reply.error}`);
    connected++;
  };

  for (let b = 0; b < socketsInOrder.length; b += opts.batch) {
    const batch = socketsInOrder.slice(b, b + opts.batch);
    const outcomes = await Promise.allSettled(batch.map(connectOne));
    for (const o of outcomes) if (o.status === "rejected") fail("connect/join", String(o.reason?.message ?? o.reason));
    if (server.child.exitCode !== null) throw new SetupError(`${server.label} exited while sockets connected:\n  ${server.tail.join("\n  ")}`);
    if ((b / opts.batch) % 10 === 9 || b + opts.batch >= socketsInOrder.length) {
      progress(`${server.label}: ${connected}/${socketsInOrder.length} sockets connected and joined`);
    }
  }
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  if (connected < socketsInOrder.length) {
    throw new SetupError(
      `${server.label}: only ${connected} of ${socketsInOrder.length} sockets connected and joined (${errorSamples.join("; ")})\n  ${server.tail.join("\n  ")}`,
    );
  }

  // -- commands --
  const send = (set: LiveSet, j: number, command: Command, measured: boolean) => {
    const p: Pending = {
      opId: newOpId(),
      sentAt: performance.now(),
      ackAt: null,
      version: null,
      seenAt: new Array<number>(PER_SET).fill(0),
      seen: 0,
      measured,
      done: false,
    };
    set.pending.push(p);
    const request: CommandRequest = { meetingId: set.fixture.meetingId, opId: p.opId, command };
    return new Promise<Ack<{ version: number }> | null>((settle) => {
      set.sockets[j].timeout(opts.commandTimeoutMs).emit("meeting:command", request, (err, reply) => {
        if (p.done) return settle(null);
        if (err) {
          fail("ack-timeout", `${command.type} after ${opts.commandTimeoutMs} ms`);
          finish(set, p);
          return settle(null);
        }
        if (!reply?.ok) {
          fail(measured ? "refused" : "setup-refused", `${command.type}: ${reply?.error ?? "no reply"}`);
          finish(set, p);
          return settle(reply);
        }
        p.ackAt = performance.now();
        p.version = reply.value.version;
        // The state may have arrived before the ack.
        set.log.forEach((log, k) => {
          const first = log.find(([v]) => v >= (p.version as number));
          if (first) markSeen(set, p, k, first[1]);
        });
        if (!p.done && p.seen === PER_SET) complete(set, p);
        settle(reply);
      });
    });
  };

  const sweeper = setInterval(() => {
    const now = performance.now();
    for (const set of sets) {
      for (const p of [...set.pending]) {
        if (now - p.sentAt > opts.commandTimeoutMs + 1000) {
          if (p.ackAt !== null) fail("not-seen", `${PER_SET - p.seen} of ${PER_SET} sockets never saw version ${p.version}`);
          finish(set, p);
        }
      }
    }
  }, 500);

  try {
    if (kind === "app") {
      progress(`${server.label}: members accept the agreement; facilitators start`);
      const setupErrorsBefore = errors["setup-refused"] ?? 0;
      await pool(
        sets.flatMap((set) => set.sockets.slice(1).map((_, k) => [set, k + 1] as const)),
        256,
        async ([set, j]) => void (await send(set, j, { type: "acceptAgreement" }, false)),
      );
      await pool(sets, 128, async (set) => void (await send(set, 0, { type: "start" }, false)));
      if (opts.command !== "hands") {
        await pool(sets, 128, async (set) => void (await send(set, 0, { type: "setTimer", minutes: 90 }, false)));
      }
      const setupErrors = (errors["setup-refused"] ?? 0) + (errors["ack-timeout"] ?? 0) - setupErrorsBefore;
      if (setupErrors > 0) throw new SetupError(`${server.label}: ${setupErrors} setup commands failed: ${errorSamples.join("; ")}`);
    }
    await sleep(1000);

    // -- steady load: one command per set per second, sets spread evenly over each second --
    const ticks = opts.warmup + opts.seconds;
    progress(`${server.label}: load for ${opts.warmup} s warm-up + ${opts.seconds} s measured (${opts.command})`);
    const loop = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
    const sendLags: number[] = [];
    let cpuBefore = process.cpuUsage();
    let serverCpuBefore = cpuSeconds(server.pid);
    let machineBefore = machineTicks();
    let processesBefore = processTicks();
    let measureStartedAt = performance.now();
    loadRunning = true;
    const startAt = performance.now() + 100;
    await new Promise<void>((done) => {
      let tick = 0;
      let index = 0;
      const due = () => startAt + tick * 1000 + (index * 1000) / sets.length;
      const driver = setInterval(() => {
        const now = performance.now();
        while (tick < ticks && due() <= now) {
          const measured = tick >= opts.warmup;
          if (measured && tick === opts.warmup && index === 0) {
            // Start of the measured window: reset the counters the warm-up touched.
            loop.enable();
            cpuBefore = process.cpuUsage();
            serverCpuBefore = cpuSeconds(server.pid);
            machineBefore = machineTicks();
            processesBefore = processTicks();
            measureStartedAt = now;
          }
          if (measured) sendLags.push(now - due());
          const set = sets[index];
          const useTimer = opts.command === "timer" || (opts.command === "mixed" && set.tick % 2 === 1);
          set.tick++;
          if (useTimer) {
            set.timerPaused = !set.timerPaused;
            void send(set, 0, kind === "app" ? { type: set.timerPaused ? "pauseTimer" : "resumeTimer" } : { type: "pauseTimer" }, measured);
          } else {
            set.handUp = !set.handUp;
            void send(set, 1, { type: set.handUp ? "raiseHand" : "lowerHand" }, measured);
          }
          if (measured) commands++;
          index++;
          if (index === sets.length) {
            index = 0;
            tick++;
          }
        }
        if (tick >= ticks) {
          clearInterval(driver);
          done();
        }
      }, 2);
    });
    const sendEndedAt = performance.now();
    const loadSeconds = (sendEndedAt - measureStartedAt) / 1000;
    // Let the last commands finish (each is bounded by the command timeout).
    const drainUntil = performance.now() + opts.commandTimeoutMs + 2000;
    while (performance.now() < drainUntil && sets.some((s) => s.pending.length > 0)) await sleep(50);
    loop.disable();
    const wall = (performance.now() - measureStartedAt) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const serverCpuAfter = cpuSeconds(server.pid);
    const machine = machineShare(machineBefore, machineTicks());
    const others = otherProcesses(processesBefore, processTicks(), [process.pid, server.pid, process.ppid], wall);
    loadRunning = false;
    const sortedSizes = payloadSamples.sort((a, b) => a - b);

    if (server.child.exitCode !== null || server.child.signalCode !== null) {
      errorSamples.unshift(`server-exited: code ${server.child.exitCode}, signal ${server.child.signalCode}`);
      fail("server-exited");
    }

    return {
      label: server.label,
      sets: sets.length,
      sockets: socketsInOrder.length,
      connected,
      commands,
      completed,
      errors,
      errorSamples,
      latency: percentiles(latencies),
      latencies,
      ack: percentiles(ackLatencies),
      payloadBytes: sortedSizes.length ? sortedSizes[Math.floor(sortedSizes.length / 2)] : null,
      sendLagP99Ms: percentiles(sendLags).p99,
      clientCpuPct: ((cpu.user + cpu.system) / 1e6 / wall) * 100,
      // The histogram counts the sampling interval itself; what is left is how late the client's event loop ran.
      clientLoopDelay: {
        p50: Math.max(0, loop.percentile(50) / 1e6 - LOOP_RESOLUTION_MS),
        p99: Math.max(0, loop.percentile(99) / 1e6 - LOOP_RESOLUTION_MS),
        max: Math.max(0, loop.max / 1e6 - LOOP_RESOLUTION_MS),
      },
      serverCpuPct: serverCpuBefore !== null && serverCpuAfter !== null ? ((serverCpuAfter - serverCpuBefore) / wall) * 100 : null,
      machine,
      others,
      serverPeakRssMb: peakRssMb(server.pid),
      clientPeakRssMb: peakRssMb(process.pid),
      connectSeconds,
      loadSeconds,
    };
  } finally {
    clearInterval(sweeper);
    closing = true;
    for (const set of sets) for (const socket of set.sockets) socket?.disconnect();
  }
}

// ---- report ---------------------------------------------------------------------

const totalErrors = (r: Result) => Object.values(r.errors).reduce((a, b) => a + b, 0);
const ms = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "-");

/** CPU used by processes other than this benchmark and its server (another build or test run skews the figures). */
const otherCpuPct = (r: Result) => (r.machine ? Math.max(0, r.machine.busyPct * cpus().length - (r.serverCpuPct ?? 0) - r.clientCpuPct) : 0);

function printTable(results: Result[]) {
  const head = ["", "sets", "sockets", "commands", "errors", "p50 ms", "p95 ms", "p99 ms", "max ms", "ack p95", "server CPU", "client CPU", "server RSS"];
  const rows = results.map((r) => [
    r.label,
    String(r.sets),
    String(r.sockets),
    String(r.commands),
    String(totalErrors(r)),
    ms(r.latency.p50),
    ms(r.latency.p95),
    ms(r.latency.p99),
    ms(r.latency.max),
    ms(r.ack.p95),
    r.serverCpuPct === null ? "-" : `${r.serverCpuPct.toFixed(0)}%`,
    `${r.clientCpuPct.toFixed(0)}%`,
    r.serverPeakRssMb === null ? "-" : `${r.serverPeakRssMb.toFixed(0)} MB`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(line(head));
  for (const row of rows) console.log(line(row));
  for (const r of results) {
    const e = Object.entries(r.errors).map(([k, v]) => `${k} ${v}`);
    console.log(
      `${r.label}: ${r.completed}/${r.commands} commands seen by all ${PER_SET} of their set; state payload ${r.payloadBytes ?? "-"} B; ` +
        `client event-loop lag p99 ${ms(r.clientLoopDelay.p99)} ms (max ${ms(r.clientLoopDelay.max)}); send lag p99 ${ms(r.sendLagP99Ms)} ms; ` +
        `connect+join ${r.connectSeconds.toFixed(1)} s; client peak RSS ${r.clientPeakRssMb?.toFixed(0) ?? "-"} MB` +
        (r.machine
          ? `; machine (all ${cpus().length} cores) busy ${r.machine.busyPct.toFixed(0)}%, I/O wait ${r.machine.iowaitPct.toFixed(0)}%, ` +
            `steal ${r.machine.stealPct.toFixed(0)}%; not this benchmark ~${otherCpuPct(r).toFixed(0)}% of a core` +
            (r.others.length ? ` (${r.others.map((o) => `${o.name} ${o.pct.toFixed(0)}%`).join(", ")}; the rest: kernel time and processes that ended meanwhile)` : " (kernel time and processes that ended meanwhile)")
          : "") +
        (e.length ? `; errors: ${e.join(", ")}` : ""),
    );
    for (const sample of r.errorSamples) console.log(`  ${sample}`);
  }
  for (const r of results) {
    const foreign = r.others.reduce((a, o) => a + o.pct, 0);
    if (foreign > 25) {
      console.log(`warning: other processes used ~${foreign.toFixed(0)}% of a core during the ${r.label} run; its figures are skewed (run on a quiet machine)`);
    }
  }
  const apps = results.filter((r) => r.label.startsWith("app"));
  const bares = results.filter((r) => r.label.startsWith("bare"));
  if (apps.length === 1 && bares.length === 1) {
    const ratio = apps[0].latency.p95 / bares[0].latency.p95;
    console.log(`p95 ratio app/bare: ${Number.isFinite(ratio) ? ratio.toFixed(2) : "-"} (target: at most 1.5)`);
  } else if (apps.length && bares.length) {
    // One round's p95 swings with the machine (a slow fsync, a busy moment);
    // the verdict is on every round's commands pooled, beside each round's own ratio.
    const perRound = apps.map((a, i) => (bares[i] ? a.latency.p95 / bares[i].latency.p95 : NaN)).filter(Number.isFinite);
    const app = percentiles(apps.flatMap((r) => r.latencies));
    const bare = percentiles(bares.flatMap((r) => r.latencies));
    console.log(`pooled over ${apps.length} rounds: app p50/p95/p99 ${ms(app.p50)}/${ms(app.p95)}/${ms(app.p99)} ms (${app.n} commands), bare ${ms(bare.p50)}/${ms(bare.p95)}/${ms(bare.p99)} ms (${bare.n})`);
    console.log(`p95 ratio per round: ${perRound.map((r) => r.toFixed(2)).join(", ")}`);
    console.log(`p95 ratio app/bare, pooled: ${(app.p95 / bare.p95).toFixed(2)} (target: at most 1.5)`);
  }
}

// ---- main -----------------------------------------------------------------------

async function main() {
  if (!existsSync(join(ROOT, "build", "index.js"))) throw new SetupError("build/index.js is missing: run `npx remix build` (or npm run build) first");
  const dir = mkdtempSync(join(tmpdir(), "als-bench-"));
  tmpDir = dir;
  progress(
    `${opts.sets} sets (${opts.sets * PER_SET} sockets), ${opts.warmup} s warm-up + ${opts.seconds} s; ${cpus().length} CPUs, ` +
      `${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}; temp ${tmpDir}`,
  );
  const idleBefore = machineTicks();
  await sleep(1000);
  const before = machineShare(idleBefore, machineTicks());
  if (before) {
    progress(`machine busy before the run: ${before.busyPct.toFixed(0)}% of all cores${before.busyPct > 15 ? " (something else is running: the figures will be skewed)" : ""}`);
  }
  const fsync = probeFsync(tmpDir);
  progress(`fsync of a 4 KB write in the temp folder: p50 ${ms(fsync.p50)} ms, p99 ${ms(fsync.p99)} ms, max ${ms(fsync.max)} ms (${fsync.n} tries)`);
  const results: Result[] = [];
  let payloadBytes = opts.payloadBytes;

  const runApp = async (round: number) => {
    const databasePath = join(dir, `app-${round}.sqlite`);
    const seedStarted = performance.now();
    const fixture = seed(databasePath, opts.sets);
    progress(`seeded ${opts.sets} cohorts, ${opts.sets * PER_SET} people and sessions in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
    const outbox = join(dir, "outbox");
    const app = await startServer("app", "server.ts", (origin) => ({
      DATABASE_PATH: databasePath,
      APP_ORIGIN: origin, // the only origin allowed to open a socket
      SEED_DEMO: "false",
      LOG_LEVEL: "silent",
      SCHEDULER: "off",
      NODE_ENV: "production",
      SECURE_COOKIES: "false",
      OUTBOX_DIR: outbox,
    }));
    const result = await runAndStop(app, fixture, "app");
    payloadBytes ??= result.payloadBytes ?? undefined;
    return result;
  };

  const runBare = async (round: number) => {
    const bytes = payloadBytes ?? 2048;
    const fixture: SetFixture[] = Array.from({ length: opts.sets }, (_, s) => ({
      cohortId: `bench-${s}`,
      meetingId: newId(),
      people: Array.from({ length: PER_SET }, (_, p) => ({ userId: `u-${s}-${p}`, name: `Person ${p}`, token: newToken() })),
    }));
    const bareDatabase = join(dir, `bare-${round}.sqlite`);
    const bare = await startServer("bare", "bench/bare-server.ts", () => ({
      DATABASE_PATH: bareDatabase,
      PAYLOAD_BYTES: String(bytes),
    }));
    progress(`bare server broadcasts ${bytes}-byte payloads`);
    return runAndStop(bare, fixture, "bare");
  };

  for (let round = 1; round <= opts.rounds; round++) {
    if (opts.rounds > 1) progress(`round ${round} of ${opts.rounds}`);
    // The app goes first in odd rounds, the bare server in even ones (the bare
    // server needs the app's payload size, so the first round is always app first).
    const order: Array<"app" | "bare"> = round % 2 === 1 || payloadBytes === undefined ? ["app", "bare"] : ["bare", "app"];
    for (const kind of order) {
      if (opts.only && opts.only !== kind) continue;
      const result = kind === "app" ? await runApp(round) : await runBare(round);
      if (opts.rounds > 1) result.label = `${kind} #${round}`;
      results.push(result);
    }
  }

  printTable(results);
  console.log(`fsync probe (temp folder, before the runs): p50 ${ms(fsync.p50)} ms, p99 ${ms(fsync.p99)} ms, max ${ms(fsync.max)} ms`);
  if (opts.json) console.log(JSON.stringify({ options: opts, cpus: cpus().length, node: process.version, fsync, results: results.map(({ latencies: _, ...r }) => r) }));
  return results.some((r) => totalErrors(r) > 0) ? 1 : 0;
}

async function runAndStop(server: Running, fixture: SetFixture[], kind: "app" | "bare") {
  try {
    const result = await runLoad(server, fixture, kind);
    progress(`${server.label}: done; stopping it`);
    return result;
  } finally {
    await sleep(500); // let the sockets' closes reach the server before it stops
    await stopServer(server);
  }
}

main()
  .then((code) => {
    cleanUp();
    process.exit(code);
  })
  .catch((error) => {
    console.error(error instanceof SetupError ? `setup failed: ${error.message}` : error);
    cleanUp();
    process.exit(2);
  });
