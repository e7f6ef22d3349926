/**
 * Socket.IO attached to the app's HTTP server. Who may connect is decided
 * here: the Origin must be ours (CORS does not protect WebSocket upgrades)
 * and the handshake must carry a live session cookie. Rooms are joined by
 * the server, never on a client's say.
 */
import type { Server as HttpServer } from "node:http";
import { Server } from "socket.io";
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
};

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

  io.on("connection", (socket) => {
    void socket.join(userRoom(socket.data.userId));

    socket.on("clock:sync", (payload, ack) => {
      if (typeof ack !== "function") return;
      const parsed = ClockSyncRequest.safeParse(payload);
      if (!parsed.success) return ack({ ok: false, error: "invalid payload" });
      ack({ ok: true, value: { clientSentAt: parsed.data.clientSentAt, serverNow: Date.now() } });
    });
  });

  return io;
}
