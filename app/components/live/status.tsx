/**
 * What the page tells everyone about the meeting as a whole: the connection,
 * refusals, the set being stopped, the countdown and the latest announcement.
 */
import { useEffect, useRef } from "react";
import type { Timer } from "~/domain/live/types";
import { timerWarning } from "~/domain/live/describe";
import { useServerClock, type LiveError } from "~/hooks/use-live-meeting";
import { formatDuration, spokenDuration } from "./labels";

export function ConnectionStatus({ connected, live, pendingCount }: { connected: boolean; live: boolean; pendingCount: number }) {
  const text = live ? "Connected" : connected ? "Joining the meeting…" : "Reconnecting…";
  return (
    <div className="app-live-connection" role="status">
      <strong className={`nhsuk-tag ${live ? "nhsuk-tag--green" : "nhsuk-tag--yellow"}`}>{text}</strong>
      {!live ? <span className="nhsuk-body-s app-live-connection__note"> What you type is kept and sent when you are back.</span> : null}
      {pendingCount > 0 ? (
        <span className="nhsuk-body-s app-live-connection__note"> Saving {pendingCount === 1 ? "1 change" : `${pendingCount} changes`}…</span>
      ) : null}
    </div>
  );
}

export function RefusalAlert({ error, onDismiss }: { error: LiveError | null; onDismiss: () => void }) {
  if (!error) return null;
  return (
    <div className="nhsuk-error-summary app-live-error" role="alert" key={error.at}>
      <h2 className="nhsuk-error-summary__title">That was not saved</h2>
      <div className="nhsuk-error-summary__body">
        <p>{error.message}</p>
        <button type="button" className="app-button-link" onClick={onDismiss}>
          Hide this message
        </button>
      </div>
    </div>
  );
}

/** The polite live region: announcements from the meeting and from the timer, newest only. */
export function Announcer({ message }: { message: { text: string; key: number } | null }) {
  return (
    <div className="app-live-announcement" aria-live="polite" aria-atomic="true">
      {message ? (
        <p className="nhsuk-body-s app-live-announcement__text" key={message.key}>
          <span className="nhsuk-u-visually-hidden">Announcement: </span>
          {message.text}
        </p>
      ) : null}
    </div>
  );
}

export function StoppedBanner({ stopped, byName }: { stopped: boolean; byName: string }) {
  // Always in the page, so its appearance is announced.
  return (
    <div aria-live="polite">
      {stopped ? (
        <div className="nhsuk-warning-callout app-live-stopped">
          <h2 className="nhsuk-warning-callout__label">
            <span className="nhsuk-u-visually-hidden">Important: </span>Stopped for a process check
          </h2>
          <p>{byName ? `${byName} stopped the set` : "The set is stopped"} to look at how we are working. Wait for the facilitator to resume.</p>
        </div>
      ) : null}
    </div>
  );
}

/**
 * The countdown, drawn from the deadline the server stored and the measured
 * clock offset, re-drawn every second here (nothing is broadcast per second).
 * Crossing one minute left and zero are announced.
 */
export function StageTimer({ timer, serverNow, announce }: { timer: Timer; serverNow: () => number; announce: (text: string) => void }) {
  const now = useServerClock(serverNow);
  const remaining = timer.state === "running" ? timer.deadline - now : timer.state === "paused" ? timer.remainingMs : null;
  const last = useRef<{ deadline: number; remaining: number } | null>(null);
  useEffect(() => {
    if (timer.state !== "running" || remaining === null) {
      last.current = null;
      return;
    }
    const before = last.current?.deadline === timer.deadline ? last.current.remaining : null;
    last.current = { deadline: timer.deadline, remaining };
    const warning = timerWarning(before, remaining);
    if (warning) announce(warning);
  }, [timer, remaining, announce]);

  if (remaining === null) {
    return (
      <div className="app-live-timer">
        <p className="nhsuk-body-s app-live-timer__off">No timer is running.</p>
      </div>
    );
  }
  const up = remaining <= 0;
  return (
    <div className={`app-live-timer${up ? " app-live-timer--up" : ""}`}>
      <p className="app-live-timer__label">{timer.state === "paused" ? "Timer paused" : "Time left"}</p>
      {/* role="timer" is not announced each second; the crossings above are. */}
      <p className="app-live-timer__value" role="timer" aria-label={up ? "Time is up" : `${spokenDuration(remaining)} left`}>
        {up ? "Time is up" : formatDuration(remaining)}
      </p>
    </div>
  );
}
