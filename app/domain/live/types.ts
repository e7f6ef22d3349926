/**
 * The live meeting's shared vocabulary: its state, the commands that change
 * it, and the answers. The pure state machine (machine.ts), the Socket.IO
 * server (realtime/) and the browser all use these types. Times are epoch ms;
 * `now` is always passed in.
 */
import { z } from "zod";
import type { HistoryStatus } from "~db/enums";

export const STAGES = [
  "lobby", // before the facilitator starts: people can join and accept the agreement
  "opening", // ground rules restated; each member accepts the confidentiality agreement
  "check_in", // round the set in turn order; anyone may pass
  "progress_reports", // owners of open actions report back
  "bids", // members write one-sentence bids; the facilitator orders presenters
  "airtime", // each presenter in turn, through AIRTIME_STEPS
  "process_review",
  "check_out", // round the set again
  "ended",
] as const;
export type Stage = (typeof STAGES)[number];

export const AIRTIME_STEPS = ["present", "clarifying", "open_questions", "reflect", "commit"] as const;
export type AirtimeStep = (typeof AIRTIME_STEPS)[number];

/** Stages that go round the set, one speaker at a time. The open-questions step of airtime is a round too. */
export const ROUND_STAGES: readonly Stage[] = ["check_in", "check_out"];

export const REPORT_STATUSES = ["done", "partly", "not_done", "dropped"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const LIMITS = {
  bid: 200,
  action: 500,
  reportText: 1000,
  note: 4000,
  minTimerMinutes: 1,
  maxTimerMinutes: 90,
  maxAirtimeMinutes: 60,
} as const;

export type Person = { userId: string; name: string };

/**
 * An action from an earlier meeting, to be reported back on: open, or closed
 * by its owner between meetings and not yet told to the set. `update` is the
 * owner's latest update since the last meeting, if any.
 */
export type OpenAction = {
  actionId: string;
  ownerId: string;
  text: string;
  update?: { status: HistoryStatus; note: string; at: number };
};

export type Report = { actionId: string; ownerId: string; status: ReportStatus; learned: string; obstacles: string };

/** An action committed in a presenter's airtime; `confirmed` once its owner says so. */
export type CommittedAction = {
  actionId: string; // made by the server (from the command's opId), stable
  ownerId: string;
  text: string;
  writtenBy: string; // the owner, or a facilitator writing it for them
  confirmed: boolean;
};

export type Timer =
  | { state: "off" }
  | { state: "running"; deadline: number; durationMs: number }
  | { state: "paused"; remainingMs: number; durationMs: number };

/** Where the meeting is: enough to go back one step exactly. */
export type Position = {
  stage: Stage;
  presenterIndex: number | null; // during airtime: index into `presenters`
  step: AirtimeStep | null; // during airtime
};

export type MeetingState = {
  meetingId: string;
  version: number; // +1 on every applied command
  position: Position;
  /** Positions before each advance/skip, newest last, for "go back one stage". */
  trail: Position[];
  startedAt: number | null;
  endedAt: number | null;
  facilitators: Person[];
  members: Person[]; // the cohort's members when the meeting started (order = the turn order)
  agreed: string[]; // userIds who accepted this meeting's confidentiality agreement
  /** The current round's order and speaker (check-in, check-out, open questions), else null. */
  round: { order: string[]; index: number; passed: string[] } | null;
  hands: string[]; // raised hands, in the order raised
  ready: string[]; // members who marked themselves ready (cleared on each stage change)
  stopped: { by: string; at: number } | null; // "stop the set": a visible pause for a process check
  timer: Timer;
  openActions: OpenAction[];
  reports: Report[];
  bids: Array<{ userId: string; text: string }>;
  presenters: Array<{ userId: string; airtimeMinutes: number }>;
  actions: CommittedAction[];
  /** The last thing worth announcing to screen readers ("Priya's turn", "Sam passed"), with when. */
  announcement: { text: string; at: number } | null;
};

// ---- commands -----------------------------------------------------------------

const text = (max: number) => z.string().trim().min(1).max(max);
const userId = z.string().min(1).max(64);

/** Every command, strict: unknown keys, wrong types and oversize text are refused before the machine runs. */
export const CommandSchema = z.discriminatedUnion("type", [
  // facilitator only
  z.strictObject({ type: z.literal("start") }),
  z.strictObject({ type: z.literal("advance") }),
  z.strictObject({ type: z.literal("back") }),
  z.strictObject({ type: z.literal("skip") }), // skip the rest of this stage (in airtime: the rest of this presenter)
  z.strictObject({ type: z.literal("setTimer"), minutes: z.number().int().min(LIMITS.minTimerMinutes).max(LIMITS.maxTimerMinutes) }),
  z.strictObject({ type: z.literal("extendTimer"), minutes: z.number().int().min(1).max(30) }),
  z.strictObject({ type: z.literal("pauseTimer") }),
  z.strictObject({ type: z.literal("resumeTimer") }),
  z.strictObject({
    type: z.literal("setPresenters"),
    presenters: z.array(z.strictObject({ userId, airtimeMinutes: z.number().int().min(5).max(LIMITS.maxAirtimeMinutes) })).max(8),
  }),
  z.strictObject({ type: z.literal("giveTurn"), userId }),
  z.strictObject({ type: z.literal("stopSet") }),
  z.strictObject({ type: z.literal("resumeSet") }),
  z.strictObject({ type: z.literal("end") }),
  z.strictObject({ type: z.literal("writeActionFor"), userId, text: text(LIMITS.action) }),
  // members
  z.strictObject({ type: z.literal("acceptAgreement") }),
  z.strictObject({ type: z.literal("raiseHand") }),
  z.strictObject({ type: z.literal("lowerHand") }),
  z.strictObject({ type: z.literal("pass") }), // pass my turn in a round; the presenter passes on a question
  z.strictObject({ type: z.literal("markReady") }),
  z.strictObject({ type: z.literal("setBid"), text: text(LIMITS.bid) }),
  z.strictObject({ type: z.literal("withdrawBid") }),
  z.strictObject({ type: z.literal("proposeAction"), text: text(LIMITS.action) }), // the presenter, in the commit step
  z.strictObject({ type: z.literal("confirmAction"), actionId: z.string().min(1).max(64) }), // its owner
  z.strictObject({
    type: z.literal("reportBack"),
    actionId: z.string().min(1).max(64),
    status: z.enum(REPORT_STATUSES),
    learned: z.string().trim().max(LIMITS.reportText),
    obstacles: z.string().trim().max(LIMITS.reportText),
  }),
]);
export type Command = z.infer<typeof CommandSchema>;
export type CommandType = Command["type"];

export const FACILITATOR_COMMANDS: readonly CommandType[] = [
  "start",
  "advance",
  "back",
  "skip",
  "setTimer",
  "extendTimer",
  "pauseTimer",
  "resumeTimer",
  "setPresenters",
  "giveTurn",
  "stopSet",
  "resumeSet",
  "end",
  "writeActionFor",
];

export type Actor = { userId: string; role: "facilitator" | "member" };

/**
 * The result of applying a command: the next state, or a refusal with a
 * reason a person can read. `opId` makes new ids (actions) deterministic.
 */
export type Outcome = { ok: true; state: MeetingState } | { ok: false; reason: string };

/** The machine's one entry point (implemented in machine.ts). */
export type Apply = (state: MeetingState, command: Command, actor: Actor, ctx: { now: number; opId: string }) => Outcome;

/** A new meeting's state before the facilitator starts it (implemented in machine.ts). */
export type InitialState = (input: { meetingId: string; facilitators: Person[]; members: Person[]; openActions: OpenAction[] }) => MeetingState;
