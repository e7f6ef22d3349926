/**
 * The browser's side of a live meeting. The server owns the state; this hook
 * keeps the latest copy it was sent, measures how far the server's clock is
 * from ours (so every countdown agrees), and sends commands. A command stays
 * in `pending` ("Saving…") until the server acknowledges it; until then it is
 * retried with the same opId, which the server applies at most once.
 *
 * Also here: drafts (text a person is typing, kept in localStorage until what
 * it was for is acknowledged) and the warning before leaving with unsaved work.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { Socket } from "socket.io-client";
import type { Command, CommandType, MeetingState } from "~/domain/live/types";
import type { ClientToServerEvents, ServerToClientEvents, Snapshot } from "~realtime/protocol";

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export type PendingCommand = { opId: string; command: Command };
export type LiveError = { message: string; at: number };

export type LiveMeeting = {
  state: MeetingState | null;
  you: Snapshot["you"] | null;
  /** userIds of everyone connected to the meeting now. */
  present: string[];
  connected: boolean;
  /** Connected and holding a current snapshot. */
  live: boolean;
  pending: PendingCommand[];
  lastError: LiveError | null;
  /** Something that stops this page from working at all (no access, signed out). */
  fatal: string | null;
  /** The server's clock, as measured: Date.now() + offset. */
  serverNow: () => number;
  /** Sends a command; resolves true once applied, false if refused (the refusal is in lastError). */
  send: (command: Command) => Promise<boolean>;
  isPending: (type: CommandType, where?: (command: Command) => boolean) => boolean;
  dismissError: () => void;
};

/** How long to wait for an acknowledgement before sending the same command again. */
const ACK_TIMEOUT_MS = 5_000;
const CLOCK_SAMPLES = 5;

export function newOpId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === "function") return c.randomUUID().replace(/-/g, "");
  const bytes = new Uint8Array(16);
  c.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

type OutboxEntry = PendingCommand & { attempt: number; resolve: (ok: boolean) => void };

export function useLiveMeeting(meetingId: string, options: { enabled?: boolean } = {}): LiveMeeting {
  const enabled = options.enabled ?? true;
  const [state, setState] = useState<MeetingState | null>(null);
  const [you, setYou] = useState<Snapshot["you"] | null>(null);
  const [present, setPresent] = useState<string[]>([]);
  const [connected, setConnected] = useState(false);
  const [ready, setReady] = useState(false);
  const [pending, setPending] = useState<PendingCommand[]>([]);
  const [lastError, setLastError] = useState<LiveError | null>(null);
  const [fatal, setFatal] = useState<string | null>(null);

  const stateRef = useRef<MeetingState | null>(null);
  const offsetRef = useRef(0);
  const clockMeasured = useRef(false);
  const socketRef = useRef<LiveSocket | null>(null);
  /** True once this connection has a snapshot (or was recovered): commands may be sent. */
  const readyRef = useRef(false);
  const outbox = useRef(new Map<string, OutboxEntry>());
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());

  const later = useCallback((fn: () => void, ms: number) => {
    const t = setTimeout(() => {
      timers.current.delete(t);
      fn();
    }, ms);
    timers.current.add(t);
  }, []);

  const applyState = useCallback((next: MeetingState) => {
    const current = stateRef.current;
    // Events can cross a snapshot on the wire: never step back to an older version.
    if (current && current.meetingId === next.meetingId && next.version < current.version) return;
    if (current && next.version === current.version && current.meetingId === next.meetingId) return;
    stateRef.current = next;
    setState(next);
  }, []);

  const applySnapshot = useCallback(
    (snapshot: Snapshot) => {
      if (!clockMeasured.current) offsetRef.current = snapshot.serverNow - Date.now();
      applyState(snapshot.state);
      setYou(snapshot.you);
      setPresent(snapshot.present);
    },
    [applyState],
  );

  const syncPending = useCallback(() => {
    setPending([...outbox.current.values()].map(({ opId, command }) => ({ opId, command })));
  }, []);

  const refetch = useCallback(() => {
    const socket = socketRef.current;
    if (!socket?.connected) return;
    socket.timeout(ACK_TIMEOUT_MS).emit("meeting:snapshot", { meetingId }, (err, reply) => {
      if (err || !reply.ok) return;
      applySnapshot(reply.value);
    });
  }, [meetingId, applySnapshot]);

  const emitCommand = useCallback(
    (entry: OutboxEntry) => {
      const socket = socketRef.current;
      // Sent (again) when the connection is back and joined: see the connect handler.
      if (!socket?.connected || !readyRef.current) return;
      const attempt = ++entry.attempt;
      socket.timeout(ACK_TIMEOUT_MS).emit("meeting:command", { meetingId, opId: entry.opId, command: entry.command }, (err, reply) => {
        if (!outbox.current.has(entry.opId)) return;
        if (err) {
          // No answer in time, or the connection dropped: the same opId again (applied at most once).
          if (attempt === entry.attempt) later(() => outbox.current.has(entry.opId) && attempt === entry.attempt && emitCommand(entry), 300);
          return;
        }
        outbox.current.delete(entry.opId);
        syncPending();
        if (reply.ok) {
          entry.resolve(true);
          const version = reply.value.version;
          // The broadcast normally arrives first; if it went missing, ask for the whole state.
          later(() => {
            if ((stateRef.current?.version ?? -1) < version) refetch();
          }, 1_500);
        } else {
          setLastError({ message: reply.error, at: Date.now() });
          entry.resolve(false);
        }
      });
    },
    [meetingId, later, syncPending, refetch],
  );

  const flush = useCallback(() => {
    for (const entry of outbox.current.values()) emitCommand(entry);
  }, [emitCommand]);

  useEffect(() => {
    if (!enabled) return;
    let disposed = false;
    let stop = () => {};
    // Loaded in the browser only: the server render never opens a socket.
    void import("socket.io-client").then(({ io }) => {
      if (disposed) return;
      stop = connect(io);
    });
    return () => {
      disposed = true;
      stop();
    };

    function connect(io: typeof import("socket.io-client").io) {
      const socket: LiveSocket = io({
        transports: ["websocket", "polling"],
        reconnectionDelay: 500,
        reconnectionDelayMax: 3_000,
      });
      socketRef.current = socket;

      const measureClock = async () => {
        let best: { rtt: number; offset: number } | null = null;
        for (let i = 0; i < CLOCK_SAMPLES && !disposed && socket.connected; i++) {
          const sentAt = Date.now();
          const reply = await socket
            .timeout(3_000)
            .emitWithAck("clock:sync", { clientSentAt: sentAt })
            .catch(() => null);
          const receivedAt = Date.now();
          if (!reply || !reply.ok) continue;
          const rtt = receivedAt - sentAt;
          // The server read its clock about half way through the round trip.
          const offset = reply.value.serverNow + rtt / 2 - receivedAt;
          if (!best || rtt < best.rtt) best = { rtt, offset };
        }
        if (best && !disposed) {
          offsetRef.current = best.offset;
          clockMeasured.current = true;
        }
      };

      let refusals = 0;
      const join = () => {
        if (disposed || !socket.connected) return;
        socket.timeout(10_000).emit("meeting:join", { meetingId }, (err, reply) => {
          if (disposed) return;
          if (err) {
            later(join, 1_000);
            return;
          }
          if (!reply.ok) {
            // Most refusals are final (not in this set); a busy server gets two more tries.
            if (++refusals < 3) later(join, 2_000 * refusals);
            else setFatal(reply.error);
            return;
          }
          refusals = 0;
          setFatal(null);
          applySnapshot(reply.value);
          readyRef.current = true;
          setReady(true);
          flush();
        });
      };

      socket.on("connect", () => {
        setConnected(true);
        if (socket.recovered && stateRef.current) {
          // Still in the meeting's rooms: the server sends the current state by itself; carry on where we were.
          readyRef.current = true;
          setReady(true);
          flush();
          return;
        }
        readyRef.current = false;
        setReady(false);
        void measureClock();
        join();
      });
      socket.on("disconnect", (reason) => {
        setConnected(false);
        readyRef.current = false;
        setReady(false);
        // The server closed this connection (a restart, or a sign-out elsewhere). Socket.IO will not
        // come back by itself: try once more; the handshake refuses an ended session (connect_error below).
        if (reason === "io server disconnect" && !disposed) later(() => !disposed && !socket.connected && socket.connect(), 1_000 + Math.random() * 1_000);
      });
      socket.on("connect_error", () => {
        // Refused by the server's checks (signed out, no access): Socket.IO will not retry.
        if (!socket.active && !disposed) setFatal("You could not be connected to the meeting. Sign in again, then reload this page.");
      });
      socket.on("meeting:state", (payload) => {
        if (payload?.meetingId === meetingId && payload.state) applyState(payload.state);
      });
      socket.on("meeting:presence", (payload) => {
        if (payload?.meetingId === meetingId && Array.isArray(payload.present)) setPresent(payload.present);
      });
      socket.on("session:ended", () => {
        setFatal("Your session has ended. Sign in again to rejoin the meeting.");
        socket.disconnect();
      });

      // Browsers say when the network goes; Socket.IO only notices at the next heartbeat (and never on localhost).
      const onOffline = () => {
        socket.io.reconnection(false);
        socket.io.engine?.close();
      };
      const onOnline = () => {
        socket.io.reconnection(true);
        if (!socket.connected) socket.connect();
      };
      window.addEventListener("offline", onOffline);
      window.addEventListener("online", onOnline);

      const pendingTimers = timers.current;
      return () => {
        window.removeEventListener("offline", onOffline);
        window.removeEventListener("online", onOnline);
        for (const t of pendingTimers) clearTimeout(t);
        pendingTimers.clear();
        socket.removeAllListeners();
        socket.disconnect();
        socketRef.current = null;
        readyRef.current = false;
      };
    }
  }, [enabled, meetingId, applySnapshot, applyState, flush, later]);

  const send = useCallback(
    (command: Command) =>
      new Promise<boolean>((resolve) => {
        // A new attempt replaces the last refusal's message.
        setLastError(null);
        const entry: OutboxEntry = { opId: newOpId(), command, attempt: 0, resolve };
        outbox.current.set(entry.opId, entry);
        syncPending();
        emitCommand(entry);
      }),
    [emitCommand, syncPending],
  );

  const serverNow = useCallback(() => Date.now() + offsetRef.current, []);

  const isPending = useCallback(
    (type: CommandType, where?: (command: Command) => boolean) => pending.some((p) => p.command.type === type && (!where || where(p.command))),
    [pending],
  );

  const dismissError = useCallback(() => setLastError(null), []);

  return {
    state,
    you,
    present,
    connected,
    live: connected && ready,
    pending,
    lastError,
    fatal,
    serverNow,
    send,
    isPending,
    dismissError,
  };
}

// ---- drafts ----------------------------------------------------------------

export type Drafts = {
  /** The draft for a field, or undefined if nothing is being typed there. */
  get: (field: string) => string | undefined;
  set: (field: string, value: string) => void;
  clear: (field: string) => void;
  /** Clears the draft only if it still holds `sent` (so text typed while it was saving is kept). */
  clearIf: (field: string, sent: string) => void;
  /** Fields with text typed and not yet sent. */
  unsent: string[];
};

const draftPrefix = (meetingId: string) => `als-live-draft:${meetingId}:`;

function storage(): Storage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null; // storage blocked: drafts still live in memory
  }
}

/**
 * Text being typed, per field, in React state and in localStorage (keyed by
 * meeting and field): it survives the stage moving on, a reconnect and a
 * reload, and goes only when `clear` is called after its command is acknowledged.
 */
export function useDrafts(meetingId: string): Drafts {
  const [drafts, setDrafts] = useState<Record<string, string>>({});

  // Read after hydration: the server never sees localStorage.
  useEffect(() => {
    const store = storage();
    if (!store) return;
    const prefix = draftPrefix(meetingId);
    const found: Record<string, string> = {};
    for (let i = 0; i < store.length; i++) {
      const key = store.key(i);
      if (key?.startsWith(prefix)) found[key.slice(prefix.length)] = store.getItem(key) ?? "";
    }
    setDrafts((current) => ({ ...found, ...current }));
  }, [meetingId]);

  const set = useCallback(
    (field: string, value: string) => {
      setDrafts((current) => ({ ...current, [field]: value }));
      try {
        storage()?.setItem(draftPrefix(meetingId) + field, value);
      } catch {
        // Full or blocked storage: the draft is still kept in memory.
      }
    },
    [meetingId],
  );

  const clear = useCallback(
    (field: string) => {
      setDrafts((current) => {
        if (!(field in current)) return current;
        const { [field]: _gone, ...rest } = current;
        return rest;
      });
      try {
        storage()?.removeItem(draftPrefix(meetingId) + field);
      } catch {
        // ignore
      }
    },
    [meetingId],
  );

  const clearIf = useCallback(
    (field: string, sent: string) => {
      setDrafts((current) => {
        if (!(field in current) || current[field].trim() !== sent.trim()) return current;
        const { [field]: _gone, ...rest } = current;
        try {
          storage()?.removeItem(draftPrefix(meetingId) + field);
        } catch {
          // ignore
        }
        return rest;
      });
    },
    [meetingId],
  );

  const get = useCallback((field: string) => drafts[field], [drafts]);
  const unsent = useMemo(() => Object.keys(drafts).filter((k) => drafts[k].trim() !== ""), [drafts]);
  return { get, set, clear, clearIf, unsent };
}

/** Asks the browser to warn before leaving while something is unsaved. */
export function useWarnBeforeLeaving(active: boolean) {
  useEffect(() => {
    if (!active) return;
    const onBeforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      // Older browsers need returnValue set to show the prompt.
      event.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    return () => window.removeEventListener("beforeunload", onBeforeUnload);
  }, [active]);
}

/** The server's time, re-read every second (the countdowns' tick; nothing is broadcast). */
export function useServerClock(serverNow: () => number, intervalMs = 1_000) {
  const [now, setNow] = useState(() => serverNow());
  useEffect(() => {
    setNow(serverNow());
    const t = setInterval(() => setNow(serverNow()), intervalMs);
    return () => clearInterval(t);
  }, [serverNow, intervalMs]);
  return now;
}
