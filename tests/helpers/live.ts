/**
 * Driving the live meeting from the outside, as the browser does: a real
 * socket.io-client with the session cookie and our Origin, joins, and
 * commands with client-made opIds, each awaited until its ack.
 */
import { randomBytes } from "node:crypto";
import { io as connect, type Socket } from "socket.io-client";
import type { Command, MeetingState, Stage } from "~/domain/live/types";
import type { Ack, Snapshot } from "~realtime/protocol";
import { signInOverHttp, type RunningServer } from "./server";

export type LiveSocket = Socket;
export type Person = { email: string; userId: string; cookie: string };

export const DEMO = {
  facilitator: "facilitator@example.com", // facilitates C&M Set A and GM Set A
  coFacilitator: "facilitator2@example.com", // co-facilitates GM Set A only
  admin: "admin@example.com",
  // C&M Set A members (db/seed.ts), in name order: Chloe, Daniel, Imran, Liam, Rebecca, Sarah (lead@), Zainab
  lead: "lead@example.com",
  daniel: "daniel.mensah@example.com",
  chloe: "chloe.brennan@example.com",
  // A member of Greater Manchester Set A only
  gmMember: "helen.mcallister@example.com",
} as const;

export const freshOpId = () => `op_${randomBytes(9).toString("base64url")}`;

export function userIdOf(app: RunningServer, email: string) {
  const row = app.server.services.conn.sqlite.prepare("select id from users where email = ?").get(email) as { id: string } | undefined;
  if (!row) throw new Error(`no demo user ${email}`);
  return row.id;
}

export async function signIn(app: RunningServer, email: string): Promise<Person> {
  return { email, userId: userIdOf(app, email), cookie: await signInOverHttp(app.base, email) };
}

/** Opens a socket; resolves once connected, rejects with the server's reason otherwise. */
export function openSocket(
  app: RunningServer,
  opts: { cookie?: string; origin?: string; reconnection?: boolean } = {},
): Promise<LiveSocket> {
  const socket = connect(app.base, {
    transports: ["websocket"],
    reconnection: opts.reconnection ?? false,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
    extraHeaders: { ...(opts.cookie ? { Cookie: opts.cookie } : {}), Origin: opts.origin ?? app.base },
  });
  return new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", (error) => {
      socket.close();
      reject(error);
    });
  });
}

export async function connectAs(app: RunningServer, email: string, opts: { reconnection?: boolean } = {}) {
  const person = await signIn(app, email);
  const socket = await openSocket(app, { cookie: person.cookie, reconnection: opts.reconnection });
  return { ...person, socket };
}

const ACK_TIMEOUT_MS = 5000;

export function join(socket: LiveSocket, meetingId: string): Promise<Ack<Snapshot>> {
  return socket.timeout(ACK_TIMEOUT_MS).emitWithAck("meeting:join", { meetingId });
}

export async function joinOk(socket: LiveSocket, meetingId: string): Promise<Snapshot> {
  const reply = await join(socket, meetingId);
  if (!reply.ok) throw new Error(`join refused: ${reply.error}`);
  return reply.value;
}

export function snapshot(socket: LiveSocket, meetingId: string): Promise<Ack<Snapshot>> {
  return socket.timeout(ACK_TIMEOUT_MS).emitWithAck("meeting:snapshot", { meetingId });
}

export function send(socket: LiveSocket, meetingId: string, command: Command, opId = freshOpId()): Promise<Ack<{ version: number }>> {
  return socket.timeout(ACK_TIMEOUT_MS).emitWithAck("meeting:command", { meetingId, opId, command });
}

/** Sends a command that must be accepted; returns the version it produced. */
export async function sendOk(socket: LiveSocket, meetingId: string, command: Command, opId = freshOpId()) {
  for (let attempt = 0; ; attempt++) {
    const reply = await send(socket, meetingId, command, opId);
    if (reply.ok) return reply.value.version;
    // What the browser does too: the same opId again, a moment later.
    if (reply.error === TOO_MANY && attempt < 50) {
      await sleep(100);
      continue;
    }
    throw new Error(`${command.type} refused: ${reply.error}`);
  }
}

export const TOO_MANY = "Too many changes at once; wait a moment and try again";

/** Sends anything at all (for bad payloads), awaiting the ack. */
export function sendRaw(socket: LiveSocket, event: string, payload: unknown): Promise<Ack<unknown>> {
  return socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event as "meeting:command", payload);
}

/** Keeps the latest meeting:state a socket has received, per meeting. */
export function watchStates(socket: LiveSocket) {
  const states: MeetingState[] = [];
  socket.on("meeting:state", (payload: { meetingId: string; state: MeetingState }) => states.push(payload.state));
  return {
    all: states,
    latest: () => states[states.length - 1],
    /** Resolves when a state with at least this version arrives. */
    until: (version: number, timeoutMs = 3000) =>
      new Promise<MeetingState>((resolve, reject) => {
        const found = states.find((s) => s.version >= version);
        if (found) return resolve(found);
        const timer = setTimeout(() => {
          socket.off("meeting:state", onState);
          reject(new Error(`no meeting:state with version ${version} within ${timeoutMs} ms`));
        }, timeoutMs);
        const onState = (payload: { state: MeetingState }) => {
          if (payload.state.version < version) return;
          clearTimeout(timer);
          socket.off("meeting:state", onState);
          resolve(payload.state);
        };
        socket.on("meeting:state", onState);
      }),
  };
}

export function nextEvent<T>(socket: LiveSocket, event: string, timeoutMs = 3000, where: (payload: T) => boolean = () => true) {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, on);
      reject(new Error(`no ${event} within ${timeoutMs} ms`));
    }, timeoutMs);
    const on = (payload: T) => {
      if (!where(payload)) return;
      clearTimeout(timer);
      socket.off(event, on);
      resolve(payload);
    };
    socket.on(event, on);
  });
}

export function disconnected(socket: LiveSocket, timeoutMs = 3000) {
  return new Promise<string>((resolve, reject) => {
    if (socket.disconnected) return resolve("already disconnected");
    const timer = setTimeout(() => reject(new Error(`still connected after ${timeoutMs} ms`)), timeoutMs);
    socket.once("disconnect", (reason) => {
      clearTimeout(timer);
      resolve(reason);
    });
  });
}

// ---- the database behind the server -------------------------------------------

export function cohortId(app: RunningServer, name = "Cheshire & Merseyside Set A") {
  return (app.server.services.conn.sqlite.prepare("select id from cohorts where name = ?").get(name) as { id: string }).id;
}

/** A meeting of the cohort starting in `startsInMinutes` (5 by default: the room is open). */
export function insertMeeting(app: RunningServer, opts: { cohort?: string; startsInMinutes?: number; status?: "scheduled" | "cancelled" } = {}) {
  const id = `m-live-${randomBytes(6).toString("hex")}`;
  const startsAt = Date.now() + (opts.startsInMinutes ?? 5) * 60_000;
  app.server.services.conn.sqlite
    .prepare("insert into meetings (id, cohort_id, starts_at, ends_at, video_url, status) values (?, ?, ?, ?, ?, ?)")
    .run(id, cohortId(app, opts.cohort), startsAt, startsAt + 2 * 3600_000, "https://teams.microsoft.com/l/x", opts.status ?? "scheduled");
  return id;
}

/** What the database holds for a meeting: the stored version (0 before any command) and its event count. */
export function stored(app: RunningServer, meetingId: string) {
  const sqlite = app.server.services.conn.sqlite;
  const row = sqlite.prepare("select version, state from live_meetings where meeting_id = ?").get(meetingId) as
    | { version: number; state: string }
    | undefined;
  const events = (sqlite.prepare("select count(*) as n from live_events where meeting_id = ?").get(meetingId) as { n: number }).n;
  return { version: row?.version ?? 0, events, state: row ? (JSON.parse(row.state) as MeetingState) : null };
}

/** The facilitator starts the meeting and the given members accept the agreement. */
export async function startMeeting(facilitator: LiveSocket, members: LiveSocket[], meetingId: string) {
  for (const m of members) await sendOk(m, meetingId, { type: "acceptAgreement" });
  return sendOk(facilitator, meetingId, { type: "start" });
}

/** Presses Next until the meeting is at `stage` (rounds take one Next per speaker). */
export async function advanceTo(facilitator: LiveSocket, meetingId: string, stage: Stage, app: RunningServer) {
  for (let i = 0; i < 40; i++) {
    if (stored(app, meetingId).state?.position.stage === stage) return;
    await sendOk(facilitator, meetingId, { type: "advance" });
  }
  throw new Error(`never reached ${stage}`);
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
