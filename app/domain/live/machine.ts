/**
 * The live meeting's state machine: one pure function from (state, command,
 * actor, now) to the next state or a refusal a clinician can read. The
 * server is the only writer; the browser runs the same code to preview what
 * a command would do. Nothing here reads the clock or does I/O.
 *
 * Every success returns new objects (the input is never touched) and moves
 * `version` on by exactly one; every refusal changes nothing.
 */
import { nameOf, positionLabel } from "./describe";
import {
  AIRTIME_STEPS,
  CommandSchema,
  FACILITATOR_COMMANDS,
  LIMITS,
  type Actor,
  type AirtimeStep,
  type Apply,
  type Command,
  type CommandType,
  type InitialState,
  type MeetingState,
  type Position,
  type Stage,
} from "./types";

const MINUTE_MS = 60_000;

type Ctx = { now: number; opId: string };
type Round = NonNullable<MeetingState["round"]>;
/** A handler's answer: the next state (version not yet moved on) or why not. */
type Step = MeetingState | string;
type Of<T extends CommandType> = Extract<Command, { type: T }>;

const at = (stage: Stage): Position => ({ stage, presenterIndex: null, step: null });
const airtimeAt = (presenterIndex: number, step: AirtimeStep): Position => ({ stage: "airtime", presenterIndex, step });

export const initialState: InitialState = ({ meetingId, facilitators, members, openActions }) => ({
  meetingId,
  version: 0,
  position: at("lobby"),
  trail: [],
  startedAt: null,
  endedAt: null,
  facilitators: facilitators.map((p) => ({ ...p })),
  members: members.map((p) => ({ ...p })),
  agreed: [],
  round: null,
  hands: [],
  ready: [],
  stopped: null,
  timer: { state: "off" },
  openActions: openActions.map((a) => ({ ...a })),
  reports: [],
  bids: [],
  presenters: [],
  actions: [],
  announcement: null,
});

// ---- timings ------------------------------------------------------------------

/** Share of a presenter's airtime given to each step (sums to 100%). */
const AIRTIME_SHARE: Record<AirtimeStep, number> = {
  present: 0.25,
  clarifying: 0.15,
  open_questions: 0.35,
  reflect: 0.1,
  commit: 0.15,
};

/**
 * Default minutes on the timer when the meeting arrives at `position`
 * (whole minutes, at least 1, never more than the timer allows).
 */
export function stageDefaults(state: MeetingState, position: Position = state.position): number {
  const minutes = rawDefault(state, position);
  return Math.min(LIMITS.maxTimerMinutes, Math.max(LIMITS.minTimerMinutes, minutes));
}

function rawDefault(state: MeetingState, position: Position): number {
  switch (position.stage) {
    case "opening":
      return 5;
    case "check_in":
      return Math.max(2, 2 * roundOrder(state, position).length);
    case "progress_reports":
      return Math.max(3, 3 * state.openActions.length);
    case "bids":
      return 10;
    case "airtime": {
      const presenter = position.presenterIndex === null ? undefined : state.presenters[position.presenterIndex];
      if (!presenter || !position.step) return 1;
      return Math.max(1, Math.round(presenter.airtimeMinutes * AIRTIME_SHARE[position.step]));
    }
    case "process_review":
      return 10;
    case "check_out":
      return Math.max(2, roundOrder(state, position).length);
    default:
      return 0;
  }
}

// ---- rounds and positions -----------------------------------------------------

/** Who speaks, in turn order, at `position`: members who accepted the agreement (less the presenter in open questions). */
function roundOrder(state: MeetingState, position: Position): string[] {
  const accepted = state.members.map((m) => m.userId).filter((id) => state.agreed.includes(id));
  if (position.stage === "check_in" || position.stage === "check_out") return accepted;
  if (position.stage === "airtime" && position.step === "open_questions") {
    const presenter = presenterAt(state, position);
    return accepted.filter((id) => id !== presenter);
  }
  return [];
}

const isRoundPosition = (p: Position) =>
  p.stage === "check_in" || p.stage === "check_out" || (p.stage === "airtime" && p.step === "open_questions");

function freshRound(state: MeetingState, position: Position): Round | null {
  if (!isRoundPosition(position)) return null;
  const order = roundOrder(state, position);
  return order.length ? { order, index: 0, passed: [] } : null;
}

function presenterAt(state: MeetingState, position: Position = state.position): string | null {
  if (position.stage !== "airtime" || position.presenterIndex === null) return null;
  return state.presenters[position.presenterIndex]?.userId ?? null;
}

/** After this presenter: the next presenter's airtime, or the process review. */
function afterPresenter(state: MeetingState, presenterIndex: number): Position {
  return presenterIndex + 1 < state.presenters.length ? airtimeAt(presenterIndex + 1, "present") : at("process_review");
}

/** Where "advance" goes once the current stage or step is finished. */
function nextPosition(state: MeetingState, position: Position): Position | string {
  switch (position.stage) {
    case "opening":
      return at("check_in");
    case "check_in":
      return at("progress_reports");
    case "progress_reports":
      return at("bids");
    case "bids":
      return state.presenters.length ? airtimeAt(0, "present") : at("process_review");
    case "airtime": {
      const i = position.presenterIndex ?? 0;
      const step = AIRTIME_STEPS.indexOf(position.step ?? "commit");
      return step + 1 < AIRTIME_STEPS.length ? airtimeAt(i, AIRTIME_STEPS[step + 1]) : afterPresenter(state, i);
    }
    case "process_review":
      return at("check_out");
    case "check_out":
      return "Use End meeting to finish";
    default:
      return "The meeting cannot move on from here";
  }
}

// ---- words --------------------------------------------------------------------

/** "Check-in: Sarah's turn", "Airtime for Priya: open questions, Sam's turn". */
function describeRound(state: MeetingState, position: Position, round: Round | null): string {
  const label = positionLabel(state, position);
  if (!round) return label;
  const speaker = round.order[round.index];
  const turn = speaker === undefined ? "everyone has had a turn" : `${nameOf(state, speaker)}'s turn`;
  return position.stage === "airtime" ? `${label}, ${turn}` : `${label}: ${turn}`;
}

const announce = (text: string, now: number) => ({ text, at: now });

// ---- moving between stages ----------------------------------------------------

/** Arrive at `position`: new round, hands and ready cleared, the stage's timer started, announced. */
function enter(state: MeetingState, position: Position, now: number, prefix = ""): MeetingState {
  const round = freshRound(state, position);
  const durationMs = stageDefaults(state, position) * MINUTE_MS;
  return {
    ...state,
    position: { ...position },
    round,
    hands: [],
    ready: [],
    timer: { state: "running", deadline: now + durationMs, durationMs },
    announcement: announce(prefix + describeRound(state, position, round), now),
  };
}

const pushTrail = (state: MeetingState): MeetingState => ({ ...state, trail: [...state.trail, { ...state.position }] });

function hasConfirmedAction(state: MeetingState, userId: string | null): boolean {
  return userId !== null && state.actions.some((a) => a.ownerId === userId && a.confirmed);
}

function advance(state: MeetingState, now: number): Step {
  const round = state.round;
  // Within a round "Next" hands the turn on; only the last speaker's Next leaves the stage.
  if (round && round.index < round.order.length - 1) {
    const next = { ...round, index: round.index + 1, order: [...round.order], passed: [...round.passed] };
    return { ...state, round: next, announcement: announce(describeRound(state, state.position, next), now) };
  }
  const position = state.position;
  if (position.stage === "airtime" && position.step === "commit" && !hasConfirmedAction(state, presenterAt(state))) {
    return "The presenter has not committed to an action yet: ask them to confirm one, or skip";
  }
  const next = nextPosition(state, position);
  if (typeof next === "string") return next;
  return enter(pushTrail(state), next, now);
}

function skip(state: MeetingState, now: number): Step {
  const position = state.position;
  const next = position.stage === "airtime" ? afterPresenter(state, position.presenterIndex ?? 0) : nextPosition(state, position);
  if (typeof next === "string") return next;
  return enter(pushTrail(state), next, now);
}

function back(state: MeetingState, now: number): Step {
  const previous = state.trail[state.trail.length - 1];
  if (!previous) return "There is nothing to go back to";
  if (previous.stage === "airtime" && (previous.presenterIndex === null || !state.presenters[previous.presenterIndex])) {
    return "You cannot go back there: the presenters have changed";
  }
  return enter({ ...state, trail: state.trail.slice(0, -1) }, previous, now, "Back to ");
}

function end(state: MeetingState, now: number): Step {
  return {
    ...state,
    position: at("ended"),
    endedAt: now,
    round: null,
    hands: [],
    ready: [],
    stopped: null,
    timer: { state: "off" },
    announcement: announce("The meeting has ended", now),
  };
}

// ---- rounds -------------------------------------------------------------------

const isSpeaker = (state: MeetingState, userId: string) => {
  const r = state.round;
  return !!r && r.index < r.order.length && r.order[r.index] === userId;
};

/** The current speaker is done (passed or finished): the turn moves on, and stays at the end after the last. */
function finishTurn(state: MeetingState, userId: string, passed: boolean, now: number): MeetingState {
  const r = state.round as Round;
  const round = { order: [...r.order], index: r.index + 1, passed: passed ? [...r.passed, userId] : [...r.passed] };
  const said = passed ? `${nameOf(state, userId)} passed` : `${nameOf(state, userId)} has finished`;
  return { ...state, round, announcement: announce(`${said}. ${describeRound(state, state.position, round)}`, now) };
}

function giveTurn(state: MeetingState, userId: string, now: number): Step {
  const r = state.round;
  if (!r) return "There is no round going on to give a turn in";
  const index = r.order.indexOf(userId);
  if (index < 0) return `${nameOf(state, userId)} is not in this round`;
  const round = { order: [...r.order], index, passed: [...r.passed] };
  return { ...state, round, announcement: announce(describeRound(state, state.position, round), now) };
}

function pass(state: MeetingState, actor: Actor, now: number): Step {
  const { stage, step } = state.position;
  const presenter = presenterAt(state);
  if (stage === "airtime" && (step === "clarifying" || step === "open_questions") && presenter === actor.userId) {
    return { ...state, announcement: announce(`${nameOf(state, actor.userId)} passed on that question`, now) };
  }
  if (state.round) {
    if (!isSpeaker(state, actor.userId)) return "It is not your turn";
    return finishTurn(state, actor.userId, true, now);
  }
  return "There is nothing to pass on right now";
}

function markReady(state: MeetingState, actor: Actor, now: number): Step {
  if (isSpeaker(state, actor.userId)) return finishTurn(state, actor.userId, false, now);
  if (state.ready.includes(actor.userId)) return "You have already said you are ready";
  return { ...state, ready: [...state.ready, actor.userId], announcement: announce(`${nameOf(state, actor.userId)} is ready`, now) };
}

// ---- timer --------------------------------------------------------------------

function setTimer(state: MeetingState, minutes: number, now: number): Step {
  const durationMs = minutes * MINUTE_MS;
  return {
    ...state,
    timer: { state: "running", deadline: now + durationMs, durationMs },
    announcement: announce(`Timer set to ${minutes} minute${minutes === 1 ? "" : "s"}`, now),
  };
}

function extendTimer(state: MeetingState, minutes: number, now: number): Step {
  const t = state.timer;
  const ms = minutes * MINUTE_MS;
  const text = announce(`${minutes} minute${minutes === 1 ? "" : "s"} added to the timer`, now);
  if (t.state === "running") return { ...state, timer: { ...t, deadline: t.deadline + ms, durationMs: t.durationMs + ms }, announcement: text };
  if (t.state === "paused") return { ...state, timer: { ...t, remainingMs: t.remainingMs + ms, durationMs: t.durationMs + ms }, announcement: text };
  return "There is no timer to extend: set one first";
}

function pausedAt(timer: Extract<MeetingState["timer"], { state: "running" }>, now: number) {
  return { state: "paused" as const, remainingMs: Math.max(0, timer.deadline - now), durationMs: timer.durationMs };
}

function resumedAt(timer: Extract<MeetingState["timer"], { state: "paused" }>, now: number) {
  return { state: "running" as const, deadline: now + timer.remainingMs, durationMs: timer.durationMs };
}

// ---- who may send what ----------------------------------------------------------

const FACILITATOR_ONLY: Partial<Record<CommandType, string>> = {
  setTimer: "Only a facilitator can change the timer",
  extendTimer: "Only a facilitator can change the timer",
  pauseTimer: "Only a facilitator can change the timer",
  resumeTimer: "Only a facilitator can change the timer",
  setPresenters: "Only a facilitator can choose the presenters",
  stopSet: "Only a facilitator can stop the set",
  resumeSet: "Only a facilitator can resume the set",
  writeActionFor: "Only a facilitator can write an action for someone else",
};

function whoMay(state: MeetingState, command: Command, actor: Actor): string | null {
  const forFacilitators = FACILITATOR_COMMANDS.includes(command.type);
  if (actor.role === "facilitator") {
    if (!state.facilitators.some((f) => f.userId === actor.userId)) return "You are not a facilitator of this meeting";
    if (forFacilitators) return null;
    if (command.type === "acceptAgreement") return "Facilitators are not asked to accept the agreement";
    return "Only members of the set can do that";
  }
  if (actor.role !== "member" || !state.members.some((m) => m.userId === actor.userId)) return "You are not a member of this set";
  if (forFacilitators) return FACILITATOR_ONLY[command.type] ?? "Only a facilitator can move the meeting on";
  if (command.type !== "acceptAgreement" && !state.agreed.includes(actor.userId)) return "Accept the confidentiality agreement first";
  return null;
}

/** Commands that move the meeting, refused while the set is stopped. */
const HELD_WHILE_STOPPED: readonly CommandType[] = ["advance", "back", "skip", "giveTurn"];

// ---- the entry point ------------------------------------------------------------

export const apply: Apply = (state, command, actor, ctx) => {
  // The server parses already; parsing again keeps direct callers (and the browser preview) honest.
  const parsed = CommandSchema.safeParse(command);
  if (!parsed.success) return { ok: false, reason: "That request was not understood" };
  if (state.position.stage === "ended") return { ok: false, reason: "The meeting has ended" };
  const refusal = whoMay(state, parsed.data, actor);
  if (refusal) return { ok: false, reason: refusal };
  const next = handle(state, parsed.data, actor, ctx);
  if (typeof next === "string") return { ok: false, reason: next };
  return { ok: true, state: { ...next, version: state.version + 1 } };
};

function handle(state: MeetingState, command: Command, actor: Actor, { now, opId }: Ctx): Step {
  const stage = state.position.stage;
  if (stage === "lobby" && command.type !== "start" && command.type !== "acceptAgreement") {
    return "The meeting has not started yet";
  }
  if (state.stopped && HELD_WHILE_STOPPED.includes(command.type)) return "The set is stopped: resume it first";

  switch (command.type) {
    case "start":
      if (stage !== "lobby") return "The meeting has already started";
      return enter({ ...state, startedAt: now }, at("opening"), now);
    case "advance":
      return advance(state, now);
    case "skip":
      return skip(state, now);
    case "back":
      return back(state, now);
    case "end":
      return end(state, now);

    case "setTimer":
      return setTimer(state, command.minutes, now);
    case "extendTimer":
      return extendTimer(state, command.minutes, now);
    case "pauseTimer":
      if (state.timer.state !== "running") return "The timer is not running";
      return { ...state, timer: pausedAt(state.timer, now), announcement: announce("Timer paused", now) };
    case "resumeTimer":
      if (state.timer.state !== "paused") return "The timer is not paused";
      return { ...state, timer: resumedAt(state.timer, now), announcement: announce("Timer resumed", now) };

    case "stopSet": {
      if (state.stopped) return "The set is already stopped";
      const timer = state.timer.state === "running" ? pausedAt(state.timer, now) : state.timer;
      return {
        ...state,
        stopped: { by: actor.userId, at: now },
        timer,
        announcement: announce(`${nameOf(state, actor.userId)} has stopped the set to review how it is working`, now),
      };
    }
    case "resumeSet": {
      if (!state.stopped) return "The set is not stopped";
      // The contract does not record who paused the timer, so a paused timer restarts with the set.
      const timer = state.timer.state === "paused" ? resumedAt(state.timer, now) : state.timer;
      return { ...state, stopped: null, timer, announcement: announce("The set has resumed", now) };
    }

    case "giveTurn":
      return giveTurn(state, command.userId, now);
    case "setPresenters":
      return setPresenters(state, command, now);
    case "writeActionFor":
      return writeActionFor(state, command, actor, opId, now);

    case "acceptAgreement":
      if (state.agreed.includes(actor.userId)) return "You have already accepted";
      return { ...state, agreed: [...state.agreed, actor.userId] };
    case "raiseHand":
      if (state.hands.includes(actor.userId)) return "Your hand is already raised";
      return { ...state, hands: [...state.hands, actor.userId], announcement: announce(`${nameOf(state, actor.userId)} raised a hand`, now) };
    case "lowerHand":
      if (!state.hands.includes(actor.userId)) return "Your hand is not raised";
      return {
        ...state,
        hands: state.hands.filter((id) => id !== actor.userId),
        announcement: announce(`${nameOf(state, actor.userId)} lowered their hand`, now),
      };
    case "pass":
      return pass(state, actor, now);
    case "markReady":
      return markReady(state, actor, now);

    case "setBid": {
      if (stage !== "bids") return "Bids can only be written during the bids stage";
      const bid = { userId: actor.userId, text: command.text };
      const had = state.bids.some((b) => b.userId === actor.userId);
      return { ...state, bids: had ? state.bids.map((b) => (b.userId === actor.userId ? bid : { ...b })) : [...state.bids, bid] };
    }
    case "withdrawBid":
      if (stage !== "bids") return "Bids can only be withdrawn during the bids stage";
      if (!state.bids.some((b) => b.userId === actor.userId)) return "You have not made a bid";
      return { ...state, bids: state.bids.filter((b) => b.userId !== actor.userId) };

    case "reportBack":
      return reportBack(state, command, actor);
    case "proposeAction": {
      if (stage !== "airtime" || state.position.step !== "commit") {
        return "Actions can only be proposed when the presenter is committing to an action";
      }
      if (presenterAt(state) !== actor.userId) return "Only the presenter can propose their action";
      return addAction(state, { ownerId: actor.userId, writtenBy: actor.userId, text: command.text, confirmed: true }, opId, now);
    }
    case "confirmAction": {
      const action = state.actions.find((a) => a.actionId === command.actionId);
      if (!action) return "There is no such action in this meeting";
      if (action.ownerId !== actor.userId) return "Only the person who owns an action can confirm it";
      if (action.confirmed) return "That action is already confirmed";
      return {
        ...state,
        actions: state.actions.map((a) => (a.actionId === action.actionId ? { ...a, confirmed: true } : { ...a })),
        announcement: announce(`${nameOf(state, actor.userId)} confirmed their action`, now),
      };
    }
  }
}

function setPresenters(state: MeetingState, command: Of<"setPresenters">, now: number): Step {
  const { stage, presenterIndex } = state.position;
  const ids = command.presenters.map((p) => p.userId);
  if (stage !== "bids" && stage !== "airtime") return "Presenters can only be chosen during the bids stage";
  for (const id of ids) {
    if (!state.members.some((m) => m.userId === id)) return "Each presenter must be a member of the set";
  }
  if (new Set(ids).size !== ids.length) return "Each presenter can only be listed once";
  if (stage === "airtime") {
    if (!ids.length) return "Airtime has started: keep at least one presenter";
    // Whoever has started (or had) their airtime keeps their place; only those still waiting can change.
    const started = state.presenters.slice(0, (presenterIndex ?? 0) + 1);
    if (started.some((p, i) => ids[i] !== p.userId)) return "Presenters who have started their airtime cannot be moved or removed";
  }
  const presenters = command.presenters.map((p) => ({ userId: p.userId, airtimeMinutes: p.airtimeMinutes }));
  const names = presenters.map((p) => nameOf(state, p.userId)).join(", ");
  return { ...state, presenters, announcement: announce(presenters.length ? `Presenters: ${names}` : "No presenters chosen yet", now) };
}

function reportBack(state: MeetingState, command: Of<"reportBack">, actor: Actor): Step {
  if (state.position.stage !== "progress_reports") return "Reports back can only be given during progress reports";
  const open = state.openActions.find((a) => a.actionId === command.actionId);
  if (!open) return "That is not one of the open actions for this meeting";
  if (open.ownerId !== actor.userId) return "Only the person who owns an action can report back on it";
  const report = { actionId: open.actionId, ownerId: actor.userId, status: command.status, learned: command.learned, obstacles: command.obstacles };
  const had = state.reports.some((r) => r.actionId === open.actionId);
  return { ...state, reports: had ? state.reports.map((r) => (r.actionId === open.actionId ? report : { ...r })) : [...state.reports, report] };
}

function writeActionFor(state: MeetingState, command: Of<"writeActionFor">, actor: Actor, opId: string, now: number): Step {
  if (state.position.stage !== "airtime" || state.position.step !== "commit") {
    return "Actions can only be written when the presenter is committing to an action";
  }
  if (presenterAt(state) !== command.userId) return "You can only write an action for the current presenter";
  return addAction(state, { ownerId: command.userId, writtenBy: actor.userId, text: command.text, confirmed: false }, opId, now);
}

function addAction(
  state: MeetingState,
  action: { ownerId: string; writtenBy: string; text: string; confirmed: boolean },
  opId: string,
  now: number,
): Step {
  const actionId = `a-${opId}`;
  if (state.actions.some((a) => a.actionId === actionId)) return "That action has already been saved";
  const owner = nameOf(state, action.ownerId);
  const text = action.confirmed ? `${owner} committed to an action` : `An action was written for ${owner} to confirm`;
  return { ...state, actions: [...state.actions, { actionId, ...action }], announcement: announce(text, now) };
}
