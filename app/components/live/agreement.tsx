/**
 * The set's ground rules, and the confidentiality agreement a member accepts
 * before seeing anything said in this meeting.
 */
import { CommandButton } from "./controls";
import { useLive } from "./context";

export function GroundRules() {
  return (
    <ul className="nhsuk-list nhsuk-list--bullet">
      <li>Everything said in the set stays in the set.</li>
      <li>We ask questions rather than give advice.</li>
      <li>The presenter may pass on any question.</li>
    </ul>
  );
}

/** All a member sees until they agree: the agreement and one button. */
export function AgreementGate({ headingRef }: { headingRef: React.RefObject<HTMLHeadingElement> }) {
  const { state } = useLive();
  if (state.position.stage === "ended") {
    return (
      <>
        <h1 tabIndex={-1} ref={headingRef}>
          This meeting has ended
        </h1>
        <p>You did not join this meeting while it was running.</p>
      </>
    );
  }
  return (
    <>
      <h1 tabIndex={-1} ref={headingRef}>
        Before you join: the confidentiality agreement
      </h1>
      <p>To take part in this meeting, agree to the set's ground rules:</p>
      <GroundRules />
      <p>You agree for this meeting only. Nothing from the meeting is shown until you do.</p>
      <CommandButton command={{ type: "acceptAgreement" }}>I agree</CommandButton>
    </>
  );
}
