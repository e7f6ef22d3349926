/**
 * Words people see for where a live meeting is and what comes next. Pure:
 * the browser and the server both use it, and the machine's announcements
 * are built from the same words so the screen and the screen reader agree.
 */
import { apply } from "./machine";
import type { AirtimeStep, MeetingState, Position, Stage } from "./types";

export const STAGE_LABELS: Record<Stage, string> = {
  lobby: "Waiting to start",
  opening: "Opening",
  check_in: "Check-in",
  progress_reports: "Progress reports",
  bids: "Bids",
  airtime: "Airtime",
  process_review: "Process review",
  check_out: "Check-out",
  ended: "Meeting ended",
};

export const STEP_LABELS: Record<AirtimeStep, string> = {
  present: "presenting",
  clarifying: "clarifying questions",
  open_questions: "open questions",
  reflect: "reflecting",
  commit: "committing to an action",
};

export const stageLabel = (stage: Stage) => STAGE_LABELS[stage];
export const stepLabel = (step: AirtimeStep) => STEP_LABELS[step];

/** A person's name as the set knows them; an id only if they have left the lists. */
export function nameOf(state: Pick<MeetingState, "members" | "facilitators">, userId: string): string {
  return (
    state.members.find((p) => p.userId === userId)?.name ?? state.facilitators.find((p) => p.userId === userId)?.name ?? "Someone"
  );
}

/** "Check-in", "Airtime for Priya: open questions". */
export function positionLabel(state: MeetingState, position: Position = state.position): string {
  if (position.stage === "airtime" && position.presenterIndex !== null && position.step) {
    const presenter = state.presenters[position.presenterIndex];
    const who = presenter ? nameOf(state, presenter.userId) : "the presenter";
    return `Airtime for ${who}: ${stepLabel(position.step)}`;
  }
  return stageLabel(position.stage);
}

/** Whose turn it is in the current round, if anyone's. */
export function currentSpeaker(state: MeetingState): string | null {
  const round = state.round;
  if (!round || round.index >= round.order.length) return null;
  return round.order[round.index] ?? null;
}

/**
 * What the facilitator's "Next" would do, in words ("Next: Check-in: Sam's
 * turn"), or why it cannot. Asks the machine itself, so it never disagrees
 * with what will happen.
 */
export function whatComesNext(state: MeetingState): string {
  if (state.position.stage === "lobby") return "Next: start the meeting";
  if (state.position.stage === "ended") return "The meeting has ended";
  const facilitator = state.facilitators[0] ?? { userId: "preview", name: "Facilitator" };
  // A stopped set still has a next step; show it as if resumed.
  const preview = { ...state, stopped: null, facilitators: state.facilitators.length ? state.facilitators : [facilitator] };
  const outcome = apply(preview, { type: "advance" }, { userId: facilitator.userId, role: "facilitator" }, { now: 0, opId: "preview" });
  if (!outcome.ok) return outcome.reason;
  return `Next: ${outcome.state.announcement?.text ?? positionLabel(outcome.state)}`;
}

/** The timer warnings read out to screen readers: crossing one minute left, and reaching zero. */
export const TIMER_WARNINGS = { oneMinute: "1 minute left", timeUp: "Time is up" } as const;

/**
 * What to announce as a running timer's remaining time goes from `before` to
 * `remaining` (ms) between two redraws, or null. `before` is null on the
 * first redraw of a deadline, so joining late or a new deadline announces
 * nothing: only a crossing seen while watching is read out.
 */
export function timerWarning(before: number | null, remaining: number): string | null {
  if (before === null) return null;
  if (before > 0 && remaining <= 0) return TIMER_WARNINGS.timeUp;
  if (before > 60_000 && remaining <= 60_000) return TIMER_WARNINGS.oneMinute;
  return null;
}
