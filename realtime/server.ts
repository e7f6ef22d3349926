/**
 * Socket.IO attached to the app's HTTP server. Who may connect is decided
 * here: the Origin must be ours (CORS does not protect WebSocket upgrades)
 * and the handshake must carry a live session cookie. Rooms are joined by
 * the server, never on a client's say.
 */
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
import { createMeetingHub, REFUSALS, type LiveMeetingPort, type RealtimeLog } from "./meeting-handlers";
import {
  ClockSyncRequest,
  MAX_SOCKET_MESSAGE_BYTES,
  type ClientToServerEvents,
  type ServerToClientEvents,
  type SocketData,
} from "./protocol";

export type RealtimeOptions = {
  allowedOrigins: ReadonlySet<string>;
  authenticate: (cookieHeader: string | undefined) => Promise<SocketData | null>;
  /** The live meeting's access checks and persistence (app/models/live-meetings.server.ts). Without it, meeting events are refused. */
  meetings?: LiveMeetingPort;
  /** Structured logs (app/server/log.server.ts); identifiers only. */
  log?: RealtimeLog;
  /** Counts live-meeting activity towards the session's idle timeout; false once the session has ended. */
  touchSession?: (sessionId: string) => boolean;
};

/** Live activity refreshes the session at most this often per connection (a database write each time). */
export const TOUCH_SESSION_EVERY_MS = 60_000;

/** The events a client may send; anything else is refused by the catch-all below. */
const KNOWN_EVENTS = new Set(["clock:sync", "meeting:join", "meeting:snapshot", "meeting:command"]);

const quietLog: RealtimeLog = { info: () => {}, warn: () => {}, error: () => {} };

export type RealtimeServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export const userRoom = (userId: string) => `user:${userId}`;

export function attachRealtime(httpServer: HttpServer, options: RealtimeOptions): RealtimeServer {
  const io: RealtimeServer = new Server(httpServer, {
    maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
    serveClient: false,
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      callback(null, typeof origin === "string" && options.allowedOrigins.has(origin));
    },
    connectionStateRecovery: {
      maxDisconnectionDuration: 2 * 60 * 1000,
      // Recovered connections still pass the auth middleware (trust.md).
      skipMiddlewares: false,
    },
  });

  io.use(async (socket, next) => {
    try {
      const identity = await options.authenticate(socket.request.headers.cookie);
      if (!identity) return next(new Error("unauthorised"));
      socket.data.userId = identity.userId;
      socket.data.sessionId = identity.sessionId;
      next();
    } catch {
      next(new Error("unauthorised"));
    }
  });

  const log = options.log ?? quietLog;
  const hub = options.meetings ? createMeetingHub(io, options.meetings, log) : null;
  keepOffsetsOnly(io);

  io.on("connection", (socket) => {
    // A recovered connection brings back its rooms; a person's room must be their own.
    for (const room of [...socket.rooms]) {
      if (room.startsWith("user:") && room !== userRoom(socket.data.userId)) void socket.leave(room);
    }
    void socket.join(userRoom(socket.data.userId));

    // Activity in a live meeting counts as activity for the session; a session that has ended drops the connection.
    let touchedAt = 0;
    socket.use(([event, ...args], next) => {
      if (!options.touchSession || !String(event).startsWith("meeting:") || Date.now() - touchedAt < TOUCH_SESSION_EVERY_MS) return next();
      touchedAt = Date.now();
      if (options.touchSession(socket.data.sessionId)) return next();
      const ack = args[args.length - 1];
      if (typeof ack === "function") ack({ ok: false, error: "Your session has ended. Sign in again." });
      socket.emit("session:ended", { reason: "Your session has ended. Sign in again." });
      socket.disconnect(true);
    });

    // Deny by default: an event nobody handles is answered (if it asked for an answer) and logged.
    socket.use(([event, ...args], next) => {
      if (KNOWN_EVENTS.has(event) && (hub || !event.startsWith("meeting:"))) return next();
      log.warn("refused unknown socket event", { userId: socket.data.userId, event: String(event).slice(0, 64) });
      const ack = args[args.length - 1];
      if (typeof ack === "function") ack({ ok: false, error: REFUSALS.unknownEvent });
    });

    // A recovered connection is brought up to date only now, past the middleware, for meetings it is still in.
    hub?.attach(socket);

    socket.on("clock:sync", (payload, ack) => {
      if (typeof ack !== "function") return;
      const parsed = ClockSyncRequest.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, error: "invalid payload" });
      ack({ ok: true, value: { clientSentAt: parsed.data.clientSentAt, serverNow: Date.now() } });
    });
  });

  return io;
}

/**
 * The recovery buffer without its contents. Socket.IO keeps every broadcast
 * for `maxDisconnectionDuration` so that a recovered connection can be sent
 * what it missed. Every broadcast here is a whole snapshot (a meeting's state
 * or who is present), and a recovered connection is sent the current ones
 * once the middleware has checked its session again (see `recover` in
 * meeting-handlers.ts), so the missed packets are never needed:
 *
 * - each kept broadcast keeps only its offset (which decides whether a
 *   connection can be recovered), not what was said in the meeting: at 500
 *   sets that is 60,000 states fewer on the heap, and nothing confidential
 *   waits in memory for two minutes;
 * - a restored session hands over no packets, so Socket.IO 4.8 (which writes
 *   them when the socket is created, before the middleware) has nothing to
 *   send a connection whose session ended while it was down.
 *
 * These are the in-memory SessionAwareAdapter's own fields (socket.io-adapter,
 * pinned with socket.io); realtime tests fail if they change.
 */
function keepOffsetsOnly(io: RealtimeServer) {
  type Kept = { id: string; data: unknown[] };
  type Session = { missedPackets: unknown[][] } & Record<string, unknown>;
  const adapter = io.of("/").adapter as unknown as {
    packets?: Kept[];
    broadcast: (packet: { data?: unknown[] }, opts: unknown) => void;
    restoreSession?: (pid: string, offset: string) => Promise<Session | null>;
  };
  if (!Array.isArray(adapter.packets) || !adapter.restoreSession) {
    throw new Error("Socket.IO's recovery buffer is not where realtime/server.ts expects it: check socket.io-adapter's SessionAwareAdapter");
  }
  const broadcast = adapter.broadcast.bind(adapter);
  adapter.broadcast = (packet, opts) => {
    broadcast(packet, opts);
    // Encoded and written by now; the kept copy drops the payload and keeps the event name and offset.
    const kept = adapter.packets?.[adapter.packets.length - 1];
    if (kept && kept.data === packet.data) kept.data = [packet.data?.[0], kept.id];
  };
  const restore = adapter.restoreSession.bind(adapter);
  adapter.restoreSession = async (pid, offset) => {
    const session = await restore(pid, offset);
    return session && { ...session, missedPackets: [] };
  };
}
