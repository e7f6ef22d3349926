/**
 * Every Socket.IO event, in both directions, with its zod schema. The browser
 * hook and the server handlers both import this file.
 */
import { z } from "zod";
import { CommandSchema, type MeetingState } from "../app/domain/live/types";

/** Socket messages are small; Socket.IO refuses anything larger (trust.md). */
export const MAX_SOCKET_MESSAGE_BYTES = 64 * 1024;

export const ClockSyncRequest = z.strictObject({
  /** The client's clock when it sent the request, epoch ms. */
  clientSentAt: z.number().finite(),
});
export type ClockSyncRequest = z.infer<typeof ClockSyncRequest>;
export type ClockSyncReply = { clientSentAt: number; serverNow: number };

const meetingId = z.string().min(1).max(64);

export const JoinRequest = z.strictObject({ meetingId });
export const SnapshotRequest = z.strictObject({ meetingId });
export const CommandRequest = z.strictObject({
  meetingId,
  /** Made by the client once per intended change; a retry sends the same opId. */
  opId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/),
  command: CommandSchema,
});
export type CommandRequest = z.infer<typeof CommandRequest>;

/** What a person in the meeting sees: the state plus who they are in it. */
export type Snapshot = {
  state: MeetingState;
  you: { userId: string; role: "facilitator" | "member" };
  present: string[];
  serverNow: number;
};

export type Ack<T> = { ok: true; value: T } | { ok: false; error: string };

export interface ClientToServerEvents {
  "clock:sync": (payload: unknown, ack: (reply: Ack<ClockSyncReply>) => void) => void;
  "meeting:join": (payload: unknown, ack: (reply: Ack<Snapshot>) => void) => void;
  "meeting:snapshot": (payload: unknown, ack: (reply: Ack<Snapshot>) => void) => void;
  "meeting:command": (payload: unknown, ack: (reply: Ack<{ version: number }>) => void) => void;
}

export interface ServerToClientEvents {
  "session:ended": (payload: { reason: string }) => void;
  /** After every applied command, to everyone in the meeting's room. */
  "meeting:state": (payload: { meetingId: string; state: MeetingState }) => void;
  /** Whenever someone joins or leaves. */
  "meeting:presence": (payload: { meetingId: string; present: string[] }) => void;
}

export type SocketData = { userId: string; sessionId: string };

export const meetingRoom = (meetingId: string) => `meeting:${meetingId}`;
