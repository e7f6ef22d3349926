/**
 * The live meeting over Socket.IO: joining (rooms are joined by the server
 * after a database check, never on a client's say), snapshots, commands and
 * presence. The rules are the pure machine's; saving is the model's (passed
 * in as a `LiveMeetingPort`, because this layer reaches the database only
 * through what app.server.ts hands it). A command is acknowledged only after
 * it is committed and broadcast.
 *
 * Privacy: a member who has not accepted this meeting's confidentiality
 * agreement sees a redacted state (no bids, actions, reports or open
 * actions). Each joined socket sits in the meeting's room (presence) and in
 * exactly one of its "full" or "waiting" rooms (state broadcasts).
 *
 * Logs carry event names, meeting and user ids, versions and reasons, never
 * what anyone typed.
 */
import type { Socket } from "socket.io";
import type { z } from "zod";
import { FACILITATOR_COMMANDS, type Actor, type Command, type MeetingState } from "../app/domain/live/types";
import { CommandRequest, JoinRequest, SnapshotRequest, meetingRoom, type Ack, type Snapshot } from "./protocol";
import type { RealtimeServer } from "./server";

export type LiveRole = "facilitator" | "member";

export type LiveCommandInput = { meetingId: string; opId: string; command: Command; actor: Actor; now: number };

export type LiveApplyResult =
  | { ok: true; state: MeetingState; duplicate?: false }
  | { ok: true; version: number; duplicate: true }
  | { ok: false; reason: string }
  /** Not saved: the database failed for this command (nothing of it was written). */
  | { ok: false; failure: unknown };

/** What the realtime layer needs from the models (app/models/live-meetings.server.ts). All synchronous. */
export type LiveMeetingPort = {
  /**
   * A reader of people's places in meetings, from the database (kept until a
   * membership or a cohort's facilitators change); null for anyone else
   * (admins included). Made for one pass (a command, a broadcast) and dropped.
   */
  accessReader(): (userId: string, meetingId: string) => LiveRole | null;
  /** The meeting's current state (stored, or initial before the first command); null if there is no such meeting. */
  loadSnapshotState(meetingId: string): MeetingState | null;
  /**
   * Applies commands in order and commits them together (one transaction,
   * one fsync), each all or nothing; a repeated opId answers `duplicate`
   * without applying. Throws, having saved none of them, if the commit fails.
   */
  applyCommands(inputs: readonly LiveCommandInput[]): LiveApplyResult[];
  recordPresence(meetingId: string, userId: string, now: number): void;
};

export type RealtimeLog = {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
};

type AnySocket = Socket<any, any, any, any>;

export const fullRoom = (meetingId: string) => `live-full:${meetingId}`;
export const waitingRoom = (meetingId: string) => `live-waiting:${meetingId}`;

/** Commands per person: a burst of 20, refilled at 20 a second. */
export const COMMANDS_PER_SECOND = 20;
/** At most this many commands share one commit; more wait for the next turn of the event loop. */
export const MAX_COMMANDS_PER_COMMIT = 200;
/** Joins and snapshots per person: these read (and joins write presence), so they are limited too. */
const READS_PER_SECOND = 10;

export const REFUSALS = {
  notInSet: "You are not in this meeting's set",
  notJoined: "Join the meeting first",
  facilitatorOnly: "Only the set's facilitators can do that",
  tooMany: "Too many changes at once; wait a moment and try again",
  notSaved: "Not saved: something went wrong on the server. Please try again.",
  unknownEvent: "Unknown event",
  noAck: "An acknowledgement callback is required",
} as const;

// ---- a tiny per-person limiter ------------------------------------------------

/** A token bucket per key: cheap enough to refuse a flood without slowing anyone else. */
export class TokenBuckets {
  private buckets = new Map<string, { tokens: number; at: number }>();
  constructor(
    private readonly perSecond: number,
    private readonly burst: number = perSecond,
  ) {}

  take(key: string, now = Date.now()) {
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= 10_000) this.prune(now);
      b = { tokens: this.burst, at: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  private prune(now: number) {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(key);
    }
  }
}

// ---- what a waiting member may see ---------------------------------------------

/**
 * The state for a member who has not accepted the agreement: where the
 * meeting is and who is in it, nothing anyone has said. Built field by field,
 * so a field added to MeetingState must be decided on here.
 */
export function redactForWaiting(state: MeetingState): MeetingState {
  return {
    meetingId: state.meetingId,
    version: state.version,
    position: state.position,
    trail: [],
    startedAt: state.startedAt,
    endedAt: state.endedAt,
    facilitators: state.facilitators,
    members: state.members,
    agreed: state.agreed,
    round: state.round,
    hands: [],
    ready: [],
    stopped: state.stopped,
    timer: state.timer,
    openActions: [],
    reports: [],
    bids: [],
    presenters: [],
    actions: [],
    announcement: state.announcement,
  };
}

const seesEverything = (role: LiveRole, userId: string, state: MeetingState) => role === "facilitator" || state.agreed.includes(userId);

/** A zod failure in words, without echoing what was sent. */
export function describeIssues(error: z.ZodError) {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length ? issue.path.map(String).join(".") : "the message";
    switch (issue.code) {
      case "too_big":
        return issue.origin === "string"
          ? `${where} is too long (at most ${String(issue.maximum)} characters)`
          : `${where} is too big (at most ${String(issue.maximum)})`;
      case "too_small":
        return issue.origin === "string" ? `${where} is empty or too short` : `${where} is too small`;
      case "unrecognized_keys":
        return `${where} has fields that are not allowed (${issue.keys.map((k) => JSON.stringify(k.slice(0, 32))).join(", ")})`;
      case "invalid_type":
        return `${where} should be ${issue.expected}`;
      case "invalid_union":
        return `${where} is not a known command`;
      default:
        return `${where}: ${issue.message}`;
    }
  });
  return `Not accepted: ${parts.join("; ")}`;
}

const issueSummary = (error: z.ZodError) => error.issues.slice(0, 5).map((i) => ({ code: i.code, path: i.path.map(String).join(".").slice(0, 80) }));

// ---- the hub: one per Socket.IO server ------------------------------------------

export type MeetingHub = ReturnType<typeof createMeetingHub>;

export function createMeetingHub(io: RealtimeServer, port: LiveMeetingPort, log: RealtimeLog) {
  /** socket id → meeting id → the role it joined with. Local to this process, like its sockets. */
  const joined = new Map<string, Map<string, LiveRole>>();
  const commandLimiter = new TokenBuckets(COMMANDS_PER_SECOND);
  const readLimiter = new TokenBuckets(READS_PER_SECOND);
  /** When each person was last logged as rate-limited, so a flood makes one line a second, not thousands. */
  const floodLogged = new Map<string, number>();

  /**
   * Group commit. A command that has passed its checks waits here until the
   * event loop has read everything that arrived with it (setImmediate), and
   * then all of them are committed in one transaction: one fsync however
   * many there are. Under light load that is one command a commit, with no
   * waiting; when commands pile up (a burst, a slow disk, a garbage
   * collection) the server catches up in a few commits instead of one per
   * command, which is what keeps the tail short. Nobody is told anything
   * until the commit has succeeded.
   */
  type Queued = {
    socket: AnySocket;
    input: Omit<LiveCommandInput, "actor"> & { userId: string };
    reply: (r: Ack<{ version: number }>) => void;
    fields: Record<string, unknown>;
  };
  let queued: Queued[] = [];
  let commitScheduled = false;

  function enqueue(command: Queued) {
    queued.push(command);
    if (!commitScheduled) {
      commitScheduled = true;
      setImmediate(commitQueued);
    }
  }

  function commitQueued() {
    const batch = queued.length > MAX_COMMANDS_PER_COMMIT ? queued.splice(0, MAX_COMMANDS_PER_COMMIT) : queued;
    if (batch === queued) queued = [];
    commitScheduled = queued.length > 0;
    if (commitScheduled) setImmediate(commitQueued);

    // Each sender's place in the set, checked now, just before the commit (one read of the change counter for all).
    const answers: Array<() => void> = [];
    const toApply: Array<{ q: Queued; input: LiveCommandInput; answer: number }> = [];
    const left = new Set<string>();
    let read: ReturnType<LiveMeetingPort["accessReader"]>;
    try {
      read = port.accessReader();
      for (const q of batch) {
        const { userId, meetingId, ...rest } = q.input;
        const role = read(userId, meetingId);
        if (!role) {
          leaveMeeting(q.socket, meetingId);
          left.add(meetingId);
          log.warn("refused meeting:command: no longer has access", q.fields);
          answers.push(() => q.reply({ ok: false, error: REFUSALS.notInSet }));
        } else if (role !== "facilitator" && FACILITATOR_COMMANDS.includes(rest.command.type)) {
          log.warn("refused a facilitator command from a member", q.fields);
          answers.push(() => q.reply({ ok: false, error: REFUSALS.facilitatorOnly }));
        } else {
          toApply.push({ q, input: { meetingId, ...rest, actor: { userId, role } }, answer: answers.length });
          answers.push(() => {});
        }
      }
    } catch (error) {
      for (const q of batch) {
        log.error("live command not saved", { ...q.fields, error: errorCode(error) });
        q.reply({ ok: false, error: REFUSALS.notSaved });
      }
      return;
    }
    for (const meetingId of left) broadcastPresence(meetingId);

    let results: LiveApplyResult[] = [];
    try {
      if (toApply.length) results = port.applyCommands(toApply.map((c) => c.input));
    } catch (error) {
      for (const { q, answer } of toApply) {
        log.error("live command not saved", { ...q.fields, error: errorCode(error) });
        answers[answer] = () => q.reply({ ok: false, error: REFUSALS.notSaved });
      }
      results = [];
    }
    // Committed: each meeting's newest state (which includes every command before it) goes to its room once,
    // then each sender hears, in the order the commands came. Applied commands are not logged one by one:
    // live_events records each (without its text).
    const newest = new Map<string, MeetingState>();
    results.forEach((result, i) => {
      if (result.ok && !result.duplicate) newest.set(toApply[i].input.meetingId, result.state);
    });
    for (const [meetingId, state] of newest) {
      try {
        publish(meetingId, state, read);
      } catch (error) {
        // Saved all the same: clients that missed the broadcast catch up from a snapshot.
        log.error("could not broadcast a saved live command", { meetingId, version: state.version, error: errorCode(error) });
      }
    }
    results.forEach((result, i) => {
      const { q, answer } = toApply[i];
      const { reply, fields } = q;
      answers[answer] = () => {
        if (!result.ok) {
          if ("failure" in result) {
            log.error("live command not saved", { ...fields, error: errorCode(result.failure) });
            return reply({ ok: false, error: REFUSALS.notSaved });
          }
          log.info("live command refused", { ...fields, reason: result.reason });
          return reply({ ok: false, error: result.reason });
        }
        if (result.duplicate) {
          // Already applied and broadcast: answer as the first time did.
          log.info("live command repeated", { ...fields, version: result.version });
          return reply({ ok: true, value: { version: result.version } });
        }
        reply({ ok: true, value: { version: result.state.version } });
      };
    });
    for (const answer of answers) answer();
  }

  const localSocket = (id: string) => io.sockets.sockets.get(id) as AnySocket | undefined;

  /**
   * The person's access to the meeting, for a sender, a joiner and every
   * listener of a broadcast. Exact every time: the port keeps it only until
   * a membership or a cohort's facilitators change (see liveMeetingAccess),
   * so someone removed from the set is refused at their next command and
   * dropped from the next broadcast.
   */
  function accessFor(userId: string, meetingId: string) {
    return port.accessReader()(userId, meetingId);
  }

  function present(meetingId: string) {
    const ids = io.sockets.adapter.rooms.get(meetingRoom(meetingId));
    const people = new Set<string>();
    for (const id of ids ?? []) {
      const s = localSocket(id);
      if (s) people.add(s.data.userId as string);
    }
    return [...people].sort();
  }

  function broadcastPresence(meetingId: string) {
    io.to(meetingRoom(meetingId)).emit("meeting:presence", { meetingId, present: present(meetingId) });
  }

  /** Puts the socket in the meeting's full or waiting room (a no-op for the usual case: already there). */
  function place(socket: AnySocket, meetingId: string, full: boolean) {
    const into = full ? fullRoom(meetingId) : waitingRoom(meetingId);
    const outOf = full ? waitingRoom(meetingId) : fullRoom(meetingId);
    const rooms = socket.rooms;
    if (rooms.has(outOf)) void socket.leave(outOf);
    if (!rooms.has(into)) void socket.join(into);
  }

  function leaveMeeting(socket: AnySocket, meetingId: string) {
    void socket.leave(meetingRoom(meetingId));
    void socket.leave(fullRoom(meetingId));
    void socket.leave(waitingRoom(meetingId));
    joined.get(socket.id)?.delete(meetingId);
  }

  /**
   * Sends a new state to everyone in the meeting: the full state to
   * facilitators and members who accepted the agreement, the redacted one
   * to the rest. Each listener's access is checked, so someone removed from
   * the set mid-meeting stops receiving it. (Rooms are this process's: several
   * processes behind an adapter would need presence and this pass reworked.)
   */
  function publish(meetingId: string, state: MeetingState, read = port.accessReader()) {
    const ids = [...(io.sockets.adapter.rooms.get(meetingRoom(meetingId)) ?? [])];
    const access = new Map<string, LiveRole | null>();
    let someoneLeft = false;
    for (const id of ids) {
      const s = localSocket(id);
      if (!s) continue;
      const userId = s.data.userId as string;
      if (!access.has(userId)) access.set(userId, read(userId, meetingId));
      const role = access.get(userId) ?? null;
      if (!role) {
        leaveMeeting(s, meetingId);
        someoneLeft = true;
        log.warn("removed a socket from a meeting it no longer has access to", { meetingId, userId });
        continue;
      }
      joined.get(s.id)?.set(meetingId, role);
      place(s, meetingId, seesEverything(role, userId, state));
    }
    io.to(fullRoom(meetingId)).emit("meeting:state", { meetingId, state });
    // Most of a meeting has nobody waiting: no redacted copy to make then.
    if (io.sockets.adapter.rooms.get(waitingRoom(meetingId))?.size) {
      io.to(waitingRoom(meetingId)).emit("meeting:state", { meetingId, state: redactForWaiting(state) });
    }
    if (someoneLeft) broadcastPresence(meetingId);
  }

  function snapshotFor(meetingId: string, userId: string, role: LiveRole): Snapshot | null {
    const state = port.loadSnapshotState(meetingId);
    if (!state) return null;
    return {
      state: seesEverything(role, userId, state) ? state : redactForWaiting(state),
      you: { userId, role },
      present: present(meetingId),
      serverNow: Date.now(),
    };
  }

  function touchPresence(meetingId: string, userId: string) {
    try {
      port.recordPresence(meetingId, userId, Date.now());
    } catch (error) {
      // Presence is a convenience (attendance pre-fill): never let it fail a join.
      log.warn("could not record presence", { meetingId, userId, error: errorCode(error) });
    }
  }

  function rateLimited(limiter: TokenBuckets, userId: string, event: string) {
    if (limiter.take(userId)) return false;
    const now = Date.now();
    if ((floodLogged.get(userId) ?? 0) < now - 1000) {
      floodLogged.set(userId, now);
      if (floodLogged.size > 10_000) floodLogged.clear();
      log.warn("rate limited a person's socket events", { userId, event });
    }
    return true;
  }

  /**
   * A recovered connection comes back with its rooms: it keeps only the
   * meetings this person may still be in and is sent each one's current
   * state, and the room hears that they are back. Every broadcast is a whole
   * snapshot, so the current state stands for all the states it missed (which
   * realtime/server.ts does not keep) and nothing is replayed.
   */
  function recover(socket: AnySocket, mine: Map<string, LiveRole>) {
    const userId = socket.data.userId as string;
    for (const room of [...socket.rooms]) {
      if (!room.startsWith("meeting:")) continue;
      const meetingId = room.slice("meeting:".length);
      const role = safely(() => accessFor(userId, meetingId), null);
      const state = role ? safely(() => port.loadSnapshotState(meetingId), null) : null;
      if (!role || !state) {
        leaveMeeting(socket, meetingId);
        continue;
      }
      mine.set(meetingId, role);
      const full = seesEverything(role, userId, state);
      place(socket, meetingId, full);
      socket.emit("meeting:state", { meetingId, state: full ? state : redactForWaiting(state) });
      touchPresence(meetingId, userId);
      broadcastPresence(meetingId);
    }
  }

  /** Everything for one connected socket. */
  function attach(socket: AnySocket) {
    const userId = socket.data.userId as string;
    const mine = new Map<string, LiveRole>();
    joined.set(socket.id, mine);
    if (socket.recovered) recover(socket, mine);

    socket.on("meeting:join", (payload: unknown, ack: unknown) => {
      if (typeof ack !== "function") return log.warn("refused meeting:join without an ack", { userId });
      const reply = ack as (r: Ack<Snapshot>) => void;
      if (rateLimited(readLimiter, userId, "meeting:join")) return reply({ ok: false, error: REFUSALS.tooMany });
      const parsed = JoinRequest.safeParse(payload);
      if (!parsed.success) {
        log.warn("refused meeting:join: bad payload", { userId, issues: issueSummary(parsed.error) });
        return reply({ ok: false, error: describeIssues(parsed.error) });
      }
      const { meetingId } = parsed.data;
      try {
        const role = accessFor(userId, meetingId);
        // The same answer whether the meeting does not exist or is another set's.
        if (!role) {
          log.warn("refused meeting:join: no access", { userId, meetingId });
          return reply({ ok: false, error: REFUSALS.notInSet });
        }
        const snapshot = snapshotFor(meetingId, userId, role);
        if (!snapshot) return reply({ ok: false, error: REFUSALS.notInSet });
        // Synchronous from the read above to here, so no broadcast can fall between the snapshot and the rooms.
        void socket.join(meetingRoom(meetingId));
        place(socket, meetingId, seesEverything(role, userId, snapshot.state));
        mine.set(meetingId, role);
        touchPresence(meetingId, userId);
        snapshot.present = present(meetingId);
        broadcastPresence(meetingId);
        log.info("joined meeting", { userId, meetingId, role, version: snapshot.state.version });
        reply({ ok: true, value: snapshot });
      } catch (error) {
        log.error("meeting:join failed", { userId, meetingId, error: errorCode(error) });
        reply({ ok: false, error: "Could not open the meeting; please try again" });
      }
    });

    socket.on("meeting:snapshot", (payload: unknown, ack: unknown) => {
      if (typeof ack !== "function") return log.warn("refused meeting:snapshot without an ack", { userId });
      const reply = ack as (r: Ack<Snapshot>) => void;
      if (rateLimited(readLimiter, userId, "meeting:snapshot")) return reply({ ok: false, error: REFUSALS.tooMany });
      const parsed = SnapshotRequest.safeParse(payload);
      if (!parsed.success) {
        log.warn("refused meeting:snapshot: bad payload", { userId, issues: issueSummary(parsed.error) });
        return reply({ ok: false, error: describeIssues(parsed.error) });
      }
      const { meetingId } = parsed.data;
      if (!mine.has(meetingId)) return reply({ ok: false, error: REFUSALS.notJoined });
      try {
        const role = accessFor(userId, meetingId);
        if (!role) {
          leaveMeeting(socket, meetingId);
          broadcastPresence(meetingId);
          log.warn("refused meeting:snapshot: no longer has access", { userId, meetingId });
          return reply({ ok: false, error: REFUSALS.notInSet });
        }
        mine.set(meetingId, role);
        const snapshot = snapshotFor(meetingId, userId, role);
        if (!snapshot) return reply({ ok: false, error: REFUSALS.notInSet });
        place(socket, meetingId, seesEverything(role, userId, snapshot.state));
        reply({ ok: true, value: snapshot });
      } catch (error) {
        log.error("meeting:snapshot failed", { userId, meetingId, error: errorCode(error) });
        reply({ ok: false, error: "Could not read the meeting; please try again" });
      }
    });

    socket.on("meeting:command", (payload: unknown, ack: unknown) => {
      if (typeof ack !== "function") return log.warn("refused meeting:command without an ack", { userId });
      const reply = ack as (r: Ack<{ version: number }>) => void;
      // First, before any parsing: a flood costs one map lookup per message.
      if (rateLimited(commandLimiter, userId, "meeting:command")) return reply({ ok: false, error: REFUSALS.tooMany });
      const parsed = CommandRequest.safeParse(payload);
      if (!parsed.success) {
        log.warn("refused meeting:command: bad payload", { userId, issues: issueSummary(parsed.error) });
        return reply({ ok: false, error: describeIssues(parsed.error) });
      }
      const { meetingId, opId, command } = parsed.data;
      const fields = { userId, meetingId, opId, type: command.type };
      if (!mine.has(meetingId)) {
        log.warn("refused meeting:command: not joined", fields);
        return reply({ ok: false, error: REFUSALS.notJoined });
      }
      // Checked (place in the set, facilitator-only commands), applied and answered with the next commit.
      enqueue({ socket, input: { meetingId, opId, command, userId, now: Date.now() }, reply, fields });
    });

    socket.on("disconnect", () => {
      joined.delete(socket.id);
      for (const meetingId of mine.keys()) {
        touchPresence(meetingId, userId);
        // The socket has left its rooms by now: someone with another tab open stays present.
        broadcastPresence(meetingId);
      }
    });
  }

  return { attach, publish, present, redactForWaiting };
}

function safely<T>(fn: () => T, fallback: T): T {
  try {
    return fn();
  } catch {
    return fallback;
  }
}

/** An error fit for a log: its name and code, never its message (which may quote SQL parameters). */
function errorCode(error: unknown) {
  if (error && typeof error === "object") {
    const e = error as { name?: unknown; code?: unknown };
    return [e.name, e.code].filter((x) => typeof x === "string").join(":") || "unknown";
  }
  return "unknown";
}
