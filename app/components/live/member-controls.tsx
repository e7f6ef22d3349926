/**
 * A member's own buttons: hand up or down, ready or done speaking, pass. Each
 * button keeps its place while its label changes (Raise hand → Lower hand),
 * so keyboard focus stays where it was.
 */
import { ButtonRow, CommandButton } from "./controls";
import { useLive } from "./context";
import { currentPresenter, currentSpeaker } from "./labels";

export function MemberControls() {
  const { state, me } = useLive();
  const { stage, step } = state.position;
  if (stage === "lobby" || stage === "ended") return null;
  const speaking = currentSpeaker(state) === me.userId;
  const presenting = currentPresenter(state) === me.userId;
  const canPassQuestion = presenting && stage === "airtime" && (step === "clarifying" || step === "open_questions");
  const handUp = state.hands.includes(me.userId);
  const ready = state.ready.includes(me.userId);
  return (
    <section className="app-live-panel app-live-panel--you" aria-labelledby="live-you-heading">
      <h2 className="nhsuk-heading-s" id="live-you-heading">
        Your controls
      </h2>
      {speaking ? (
        <p>
          <strong>It is your turn.</strong> When you have finished, choose Done speaking. You can also pass.
        </p>
      ) : null}
      {canPassQuestion ? <p>You are presenting. You may pass on any question.</p> : null}
      <ButtonRow>
        <CommandButton command={{ type: "markReady" }} unavailable={!speaking && ready} variant={speaking ? "primary" : "secondary"}>
          {speaking ? "Done speaking" : ready ? "You said you are ready" : "I'm ready"}
        </CommandButton>
        {speaking ? (
          <CommandButton command={{ type: "pass" }} variant="secondary">
            Pass
          </CommandButton>
        ) : canPassQuestion ? (
          <CommandButton command={{ type: "pass" }} variant="secondary">
            Pass on this question
          </CommandButton>
        ) : null}
        <CommandButton command={handUp ? { type: "lowerHand" } : { type: "raiseHand" }} variant="secondary">
          {handUp ? "Lower hand" : "Raise hand"}
        </CommandButton>
      </ButtonRow>
    </section>
  );
}
