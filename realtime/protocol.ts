/**
 * Every Socket.IO event, in both directions, with its zod schema. The browser
 * hook and the server handlers both import this file.
 */
import { z } from "zod";

/** Socket messages are small; Socket.IO refuses anything larger (trust.md). */
export const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024;

export const ClockSyncRequest = z.strictObject({
  /** The client's clock when it sent the request, epoch ms. */
  clientSentAt: z.number().finite(),
});
export type ClockSyncRequest = z.infer<typeof ClockSyncRequest>;
export type ClockSyncReply = { clientSentAt: number; serverNow: number };

export type Ack<T> = { ok: true; value: T } | { ok: false; error: string };

export interface ClientToServerEvents {
  "clock:sync": (payload: unknown, ack: (reply: Ack<ClockSyncReply>) => void) => void;
}

export interface ServerToClientEvents {
  "session:ended": (payload: { reason: string }) => void;
}

export type SocketData = { userId: string; sessionId: string };
