/**
 * Words for the live meeting page, in the set's own terms
 * (action-learning.md). Stage names and "what comes next" come from
 * app/domain/live/describe.ts, so the page and the announcements agree.
 */
import { positionLabel } from "~/domain/live/describe";
import type { AirtimeStep, MeetingState, ReportStatus, Stage } from "~/domain/live/types";

export { currentSpeaker, nameOf, whatComesNext } from "~/domain/live/describe";

export const STAGE_GUIDANCE: Record<Stage, string> = {
  lobby: "The facilitator will start the meeting soon.",
  opening: "The facilitator restates the purpose of the set and the ground rules.",
  check_in: "Each member in turn says how they are arriving. Anyone may pass.",
  progress_reports: "Owners of open actions report back: done, partly, not done or dropped, what they learned and what got in the way.",
  bids: "Each member who wants time states their issue in one sentence. The set agrees who presents, in what order, with how much time.",
  airtime: "",
  process_review: "How did we work as a set? How good were our questions? The facilitator gives feedback.",
  check_out: "One word or one sentence each.",
  ended: "Thank you for taking part.",
};

export const STEP_GUIDANCE: Record<AirtimeStep, string> = {
  present: "The presenter speaks without interruption.",
  clarifying: "Ask questions to understand the facts. No advice.",
  open_questions: "Round the set, one open question each. No advice given as a question. The presenter may pass on any question.",
  reflect: "The presenter reflects on what they heard.",
  commit: "The presenter commits to at least one action and states it to the set.",
};

/** What happens now, in a sentence. */
export function stageGuidance(state: MeetingState): string {
  const { stage, step } = state.position;
  return stage === "airtime" && step ? STEP_GUIDANCE[step] : STAGE_GUIDANCE[stage];
}

export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = {
  done: "Done",
  partly: "Partly done",
  not_done: "Not done",
  dropped: "Dropped",
};

/** "Daniel Mensah" → "Daniel Mensah's" (names ending in s take only an apostrophe). */
export function possessive(name: string) {
  return name.endsWith("s") ? `${name}'` : `${name}'s`;
}

export function currentPresenter(state: MeetingState): string | null {
  const i = state.position.presenterIndex;
  return state.position.stage === "airtime" && i !== null ? state.presenters[i]?.userId ?? null : null;
}

/** The page heading for where the meeting is: the same words the announcements use, capitalised. */
export function positionHeading(state: MeetingState): string {
  const label = positionLabel(state);
  return label.charAt(0).toUpperCase() + label.slice(1);
}

export function formatDuration(ms: number) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${String(s).padStart(2, "0")}`;
}

/** "3 minutes 5 seconds" for screen readers. */
export function spokenDuration(ms: number) {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const m = Math.floor(total / 60);
  const s = total % 60;
  const parts = [];
  if (m) parts.push(`${m} minute${m === 1 ? "" : "s"}`);
  if (s || !m) parts.push(`${s} second${s === 1 ? "" : "s"}`);
  return parts.join(" ");
}

/** A bid whose text was deleted after the retention period (who bid is kept). */
export const DELETED_BID = "(deleted after the retention period)";
