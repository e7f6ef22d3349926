/**
 * The live meeting page, put together. One column on a phone; on a wider
 * screen the people and notes sit beside the meeting. A member who has not
 * accepted this meeting's agreement sees only the agreement.
 */
import { Link } from "@remix-run/react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useDrafts, useLiveMeeting, useWarnBeforeLeaving } from "~/hooks/use-live-meeting";
import { formatMeetingDay, formatTimeRange } from "~/utils/dates";
import { AgreementGate } from "./agreement";
import { LiveProvider, useLive, type LiveContextValue, type Viewer } from "./context";
import { FacilitatorControls } from "./facilitator-controls";
import { nameOf, positionHeading, stageGuidance, whatComesNext } from "./labels";
import { MemberControls } from "./member-controls";
import { PrivateNotes } from "./notes";
import { PresenceList, RoundOrder } from "./people";
import { YouSaidWeDid, type InPlaceIntervention } from "~/components/you-said-we-did";
import { StageContent } from "./stage-content";
import { LiveWellbeingPanel, type LiveWellbeingView } from "~/components/wellbeing";
import { Announcer, ConnectionStatus, RefusalAlert, StageTimer, StoppedBanner } from "./status";

export type LiveMeetingProps = {
  meeting: {
    id: string;
    cohortName: string;
    startsAt: number;
    endsAt: number;
    videoUrl: string;
    status: "scheduled" | "cancelled";
    /** "You said, we did", shown at the opening. */
    interventions: InPlaceIntervention[];
  };
  viewer: Viewer;
  notes: { text: string; updatedAt: number | null } | null;
  /** The viewer's own wellbeing check (members only, when switched on); never anyone else's. */
  wellbeing?: LiveWellbeingView | null;
};

export function LiveMeeting({ meeting, viewer, notes, wellbeing = null }: LiveMeetingProps) {
  const cancelled = meeting.status === "cancelled";
  const live = useLiveMeeting(meeting.id, { enabled: !cancelled });
  const drafts = useDrafts(meeting.id);
  // Once the meeting has ended only the notes can still be saved, so only they still count as unsent.
  const ended = live.state?.position.stage === "ended";
  const unsent = ended ? drafts.unsent.filter((field) => field === "notes") : drafts.unsent;
  useWarnBeforeLeaving(live.pending.length > 0 || unsent.length > 0);

  const [message, setMessage] = useState<{ text: string; key: number } | null>(null);
  const announce = useCallback((text: string) => setMessage({ text, key: Date.now() }), []);
  // Each state carries the latest announcement; only a new one replaces what the live region says.
  const announcedText = live.state?.announcement?.text;
  const announcedAt = live.state?.announcement?.at;
  useEffect(() => {
    if (announcedText !== undefined && announcedAt !== undefined) setMessage({ text: announcedText, key: announcedAt });
  }, [announcedText, announcedAt]);

  const headingRef = useRef<HTMLHeadingElement>(null);
  const lastFocused = useRef<Element | null>(null);
  const state = live.state;
  const me: Viewer = { ...viewer, role: live.you?.role ?? viewer.role };
  const waiting = Boolean(state && me.role === "member" && !state.agreed.includes(me.userId));

  // When an update removes the control that had focus (the stage moved on), put focus on the heading, not the top of the page.
  useEffect(() => {
    const active = document.activeElement;
    const lost = !active || active === document.body;
    if (lost && lastFocused.current && !lastFocused.current.isConnected) {
      lastFocused.current = null;
      headingRef.current?.focus();
    }
  }, [state, waiting]);

  const value = useMemo<LiveContextValue | null>(
    () => (state ? { live, state, me, meetingId: meeting.id, drafts, announce } : null),
    // `me` is rebuilt each render from stable parts.
    [live, state, me.userId, me.role, me.name, meeting.id, drafts, announce],
  );

  if (cancelled) {
    return (
      <>
        <BackLink meetingId={meeting.id} />
        <span className="nhsuk-caption-l">{meeting.cohortName}</span>
        <h1>This meeting was cancelled</h1>
        <p>There is no live meeting to join.</p>
      </>
    );
  }

  return (
    <div
      className="app-live"
      onFocus={(event) => {
        lastFocused.current = event.target;
      }}
    >
      <BackLink meetingId={meeting.id} />
      <ConnectionStatus connected={live.connected} live={live.live} pendingCount={live.pending.length} />
      <RefusalAlert error={live.lastError} onDismiss={live.dismissError} />
      {live.fatal ? (
        <div className="nhsuk-error-summary" role="alert">
          <h2 className="nhsuk-error-summary__title">You are not connected to the meeting</h2>
          <div className="nhsuk-error-summary__body">
            <p>{live.fatal}</p>
          </div>
        </div>
      ) : null}
      {!value ? (
        <>
          <span className="nhsuk-caption-l">Live meeting: {meeting.cohortName}</span>
          <h1 tabIndex={-1} ref={headingRef}>
            Joining the meeting
          </h1>
          <p>{live.fatal ? "" : "Connecting you to the meeting…"}</p>
          <MeetingDetails meeting={meeting} />
        </>
      ) : (
        <LiveProvider value={value}>
          {waiting ? (
            <AgreementGate headingRef={headingRef} />
          ) : (
            <FullMeeting cohortName={meeting.cohortName} headingRef={headingRef} message={message} notes={notes} meeting={meeting} wellbeing={wellbeing} />
          )}
        </LiveProvider>
      )}
    </div>
  );
}

function BackLink({ meetingId }: { meetingId: string }) {
  return (
    <Link to={`/meetings/${meetingId}`} className="nhsuk-back-link">
      Back to the meeting page
    </Link>
  );
}

function FullMeeting({
  cohortName,
  headingRef,
  message,
  notes,
  meeting,
  wellbeing,
}: {
  wellbeing: LiveWellbeingView | null;
  cohortName: string;
  headingRef: React.RefObject<HTMLHeadingElement>;
  message: { text: string; key: number } | null;
  notes: LiveMeetingProps["notes"];
  meeting: LiveMeetingProps["meeting"];
}) {
  const { state, me, live, announce } = useLive();
  const facilitator = me.role === "facilitator";
  const next = whatComesNext(state);
  const showNext = next.startsWith("Next:") || facilitator;
  const ended = state.position.stage === "ended";
  return (
    <>
      <span className="nhsuk-caption-l">Live meeting: {cohortName}</span>
      <h1 tabIndex={-1} ref={headingRef} className="app-live-heading">
        {positionHeading(state)}
      </h1>
      {stageGuidance(state) ? <p className="nhsuk-body-l app-live-guidance">{stageGuidance(state)}</p> : null}
      {showNext && !ended ? <p className="app-live-next">{next}</p> : null}
      <StoppedBanner stopped={Boolean(state.stopped)} byName={state.stopped ? nameOf(state, state.stopped.by) : ""} />
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          {ended ? null : (
            <div className="app-live-now">
              <StageTimer timer={state.timer} serverNow={live.serverNow} announce={announce} />
            </div>
          )}
          <Announcer message={message} />
          <RoundOrder />
          {facilitator ? <FacilitatorControls /> : <MemberControls />}
          <StageContent />
          {wellbeing && !facilitator && state.position.stage === "check_in" ? <LiveWellbeingPanel wellbeing={wellbeing} /> : null}
          {state.position.stage === "lobby" || state.position.stage === "opening" ? <YouSaidWeDid interventions={meeting.interventions} /> : null}
        </div>
        <div className="nhsuk-grid-column-one-third">
          <PresenceList />
          {facilitator && notes ? <PrivateNotes saved={notes} /> : null}
          <MeetingDetails meeting={meeting} />
        </div>
      </div>
    </>
  );
}

function MeetingDetails({ meeting }: { meeting: LiveMeetingProps["meeting"] }) {
  return (
    <section className="app-live-panel" aria-labelledby="live-details-heading">
      <h2 className="nhsuk-heading-s" id="live-details-heading">
        This meeting
      </h2>
      <p className="nhsuk-body-s">
        {formatMeetingDay(meeting.startsAt)}, {formatTimeRange(meeting.startsAt, meeting.endsAt)} (UK time)
      </p>
      <p className="nhsuk-body-s app-break-anywhere">
        <a href={meeting.videoUrl} rel="noopener noreferrer" target="_blank">
          Open the video call (opens in a new tab)
        </a>
      </p>
    </section>
  );
}
