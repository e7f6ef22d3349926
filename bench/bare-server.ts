/**
 * The baseline for bench/realtime.ts: a bare Socket.IO server that does the
 * least a live meeting could do per command. On "meeting:command" it inserts
 * one row into SQLite (WAL, synchronous FULL, the app's own pragmas from
 * db/client.ts), broadcasts a payload of PAYLOAD_BYTES to the meeting's room
 * as "meeting:state", then acks with the new version. No sign-in, no state
 * machine, no validation, no connection-state recovery.
 *
 * It speaks the same event names and shapes as the app (realtime/protocol.ts),
 * so the benchmark drives both with the same client code.
 *
 * Started by bench/realtime.ts as its own process:
 *   PORT=0 HOST=127.0.0.1 DATABASE_PATH=/tmp/x/bare.sqlite PAYLOAD_BYTES=2500 \
 *     node --import tsx bench/bare-server.ts
 * It prints `listening <port>` once ready, serves GET /healthz, and exits on SIGTERM.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import Database from "better-sqlite3";
import { Server } from "socket.io";
import { applyPragmas } from "../db/client";

const port = Number(process.env.PORT ?? 0);
const host = process.env.HOST ?? "127.0.0.1";
const databasePath = process.env.DATABASE_PATH;
const payloadBytes = Math.max(0, Number(process.env.PAYLOAD_BYTES ?? 2048));
if (!databasePath) throw new Error("DATABASE_PATH is required");

const sqlite = new Database(databasePath);
applyPragmas(sqlite); // journal_mode WAL, synchronous FULL, foreign_keys, busy_timeout: as the app
sqlite.exec(`
  create table if not exists bench_events (
    id integer primary key autoincrement,
    meeting_id text not null,
    op_id text not null,
    version integer not null,
    at integer not null
  );
  create unique index if not exists bench_events_op_unique on bench_events (meeting_id, op_id);
`);
const insert = sqlite.prepare("insert into bench_events (meeting_id, op_id, version, at) values (?, ?, ?, ?)");

/** Each meeting's version, in memory (the row written is the only durable work). */
const versions = new Map<string, number>();

/** A `meeting:state` payload whose JSON is `payloadBytes` long (or as near as a small object allows). */
function statePayload(meetingId: string, version: number) {
  const state = { meetingId, version, pad: "" };
  const base = Buffer.byteLength(JSON.stringify({ meetingId, state }));
  state.pad = "x".repeat(Math.max(0, payloadBytes - base));
  return { meetingId, state };
}

const room = (meetingId: string) => `meeting:${meetingId}`;

type Ack = (reply: unknown) => void;

const httpServer = createServer((req, res) => {
  if (req.url === "/healthz") {
    sqlite.prepare("select 1").get();
    res.writeHead(200, { "content-type": "text/plain" }).end("ok");
    return;
  }
  res.writeHead(404).end();
});

const io = new Server(httpServer, { serveClient: false, maxHttpBufferSize: 64 * 1024 });

io.on("connection", (socket) => {
  socket.on("meeting:join", (payload: { meetingId?: unknown }, ack?: Ack) => {
    if (typeof ack !== "function") return;
    const meetingId = typeof payload?.meetingId === "string" ? payload.meetingId : null;
    if (!meetingId) return ack({ ok: false, error: "invalid payload" });
    void socket.join(room(meetingId));
    ack({ ok: true, value: { state: { meetingId, version: versions.get(meetingId) ?? 0 } } });
  });

  socket.on("meeting:command", (payload: { meetingId?: unknown; opId?: unknown }, ack?: Ack) => {
    if (typeof ack !== "function") return;
    const meetingId = typeof payload?.meetingId === "string" ? payload.meetingId : null;
    const opId = typeof payload?.opId === "string" ? payload.opId : null;
    if (!meetingId || !opId) return ack({ ok: false, error: "invalid payload" });
    const version = (versions.get(meetingId) ?? 0) + 1;
    try {
      insert.run(meetingId, opId, version, Date.now());
    } catch (error) {
      return ack({ ok: false, error: String(error) });
    }
    versions.set(meetingId, version);
    io.to(room(meetingId)).emit("meeting:state", statePayload(meetingId, version));
    ack({ ok: true, value: { version } });
  });
});

httpServer.listen(port, host, () => {
  console.log(`listening ${(httpServer.address() as AddressInfo).port}`);
});

let stopping = false;
function shutdown() {
  if (stopping) return;
  stopping = true;
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  io.close(() => {
    sqlite.close();
    process.exit(0);
  });
  httpServer.closeAllConnections?.();
}
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
