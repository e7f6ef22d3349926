/**
 * The facilitator's controls: moving the meeting on (and back), the timer,
 * stopping the set, giving the turn, choosing presenters, writing an action
 * for a presenter, and ending the meeting (with a confirm step). Shown only
 * to the set's facilitators; the server refuses these commands from anyone else.
 */
import { useEffect, useRef, useState, type FormEvent } from "react";
import { LIMITS } from "~/domain/live/types";
import { ButtonRow, CommandButton, CountedTextarea, ErrorMessage, LiveButton } from "./controls";
import { useLive } from "./context";
import { DELETED_BID, nameOf } from "./labels";

export function FacilitatorControls() {
  const { state } = useLive();
  const { stage } = state.position;
  if (stage === "ended") return null;
  const lobby = stage === "lobby";
  return (
    <section className="app-live-panel app-live-panel--facilitator" aria-labelledby="live-facilitator-heading">
      <h2 className="nhsuk-heading-s" id="live-facilitator-heading">
        Facilitator controls
      </h2>
      <ButtonRow>
        {/* One button in one place: Start meeting becomes Next, and focus stays on it. */}
        <CommandButton command={lobby ? { type: "start" } : { type: "advance" }}>{lobby ? "Start meeting" : "Next"}</CommandButton>
        {lobby ? null : (
          <>
            <CommandButton command={{ type: "back" }} variant="secondary" unavailable={state.trail.length === 0}>
              Go back
            </CommandButton>
            <CommandButton command={{ type: "skip" }} variant="secondary">
              {stage === "airtime" ? "Skip the rest of this airtime" : "Skip stage"}
            </CommandButton>
          </>
        )}
      </ButtonRow>
      {lobby ? (
        <p className="nhsuk-body-s">Members can accept the agreement before you start. Starting moves everyone to the opening.</p>
      ) : (
        <>
          {state.round ? <GiveTurn /> : null}
          <TimerControls />
          <ButtonRow>
            <CommandButton command={state.stopped ? { type: "resumeSet" } : { type: "stopSet" }} variant="secondary">
              {state.stopped ? "Resume the set" : "Stop the set"}
            </CommandButton>
          </ButtonRow>
        </>
      )}
      <EndMeeting />
    </section>
  );
}

function GiveTurn() {
  const { state, live } = useLive();
  const round = state.round!;
  const [chosen, setChosen] = useState("");
  const busy = live.isPending("giveTurn");
  const options = round.order;
  const value = options.includes(chosen) ? chosen : options[round.index + 1] ?? options[0] ?? "";
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy || !value) return;
    void live.send({ type: "giveTurn", userId: value });
  };
  return (
    <form noValidate onSubmit={submit} className="app-live-inline-form">
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="live-give-turn">
          Give the turn to
        </label>
        <select className="nhsuk-select" id="live-give-turn" value={value} onChange={(e) => setChosen(e.target.value)}>
          {options.map((id) => (
            <option key={id} value={id}>
              {nameOf(state, id)}
            </option>
          ))}
        </select>
      </div>
      <LiveButton type="submit" busy={busy} variant="secondary">
        Give the turn
      </LiveButton>
    </form>
  );
}

function TimerControls() {
  const { state, live } = useLive();
  const [minutes, setMinutes] = useState("5");
  const [error, setError] = useState<string | null>(null);
  const busy = live.isPending("setTimer");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const n = Number(minutes.trim());
    if (!/^\d+$/.test(minutes.trim()) || n < LIMITS.minTimerMinutes || n > LIMITS.maxTimerMinutes) {
      setError(`Enter a whole number of minutes from ${LIMITS.minTimerMinutes} to ${LIMITS.maxTimerMinutes}`);
      document.getElementById("live-timer-minutes")?.focus();
      return;
    }
    setError(null);
    void live.send({ type: "setTimer", minutes: n });
  };
  const timer = state.timer;
  return (
    <>
      <form noValidate onSubmit={submit} className="app-live-inline-form">
        <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
          <label className="nhsuk-label" htmlFor="live-timer-minutes">
            Timer (minutes)
          </label>
          <ErrorMessage id="live-timer-minutes" error={error} />
          <input
            className={`nhsuk-input nhsuk-input--width-3${error ? " nhsuk-input--error" : ""}`}
            id="live-timer-minutes"
            type="text"
            inputMode="numeric"
            value={minutes}
            aria-describedby={error ? "live-timer-minutes-error" : undefined}
            onChange={(e) => setMinutes(e.target.value)}
          />
        </div>
        <LiveButton type="submit" busy={busy} variant="secondary">
          Set timer
        </LiveButton>
      </form>
      {timer.state !== "off" ? (
        <ButtonRow>
          <CommandButton command={{ type: "extendTimer", minutes: 5 }} variant="secondary">
            Add 5 minutes
          </CommandButton>
          <CommandButton command={timer.state === "running" ? { type: "pauseTimer" } : { type: "resumeTimer" }} variant="secondary">
            {timer.state === "running" ? "Pause timer" : "Resume timer"}
          </CommandButton>
        </ButtonRow>
      ) : null}
    </>
  );
}

function EndMeeting() {
  const { live } = useLive();
  const [confirming, setConfirming] = useState(false);
  const questionRef = useRef<HTMLHeadingElement>(null);
  const endRef = useRef<HTMLDivElement>(null);
  const wasConfirming = useRef(false);
  useEffect(() => {
    if (confirming) questionRef.current?.focus();
    else if (wasConfirming.current) endRef.current?.querySelector("button")?.focus();
    wasConfirming.current = confirming;
  }, [confirming]);
  if (!confirming) {
    return (
      <div ref={endRef} className="app-live-end">
        <LiveButton variant="warning" onPress={() => setConfirming(true)}>
          End meeting
        </LiveButton>
      </div>
    );
  }
  return (
    <div className="nhsuk-warning-callout app-live-end">
      <h3 className="nhsuk-warning-callout__label" tabIndex={-1} ref={questionRef}>
        <span className="nhsuk-u-visually-hidden">Important: </span>End the meeting for everyone?
      </h3>
      <p>Nobody can change anything in this meeting after it ends. Confirmed actions are kept.</p>
      <ButtonRow>
        <LiveButton
          variant="warning"
          busy={live.isPending("end")}
          onPress={() => {
            void live.send({ type: "end" }).then((ok) => {
              if (!ok) setConfirming(false);
            });
          }}
        >
          Yes, end the meeting
        </LiveButton>
        <LiveButton variant="secondary" onPress={() => setConfirming(false)}>
          No, carry on
        </LiveButton>
      </ButtonRow>
    </div>
  );
}

// ---- presenters ------------------------------------------------------------------

type Choice = { order: string; minutes: string };

/** Choose and order presenters from the bids, each with their airtime. */
export function FacilitatorPresenters() {
  const { state, live } = useLive();
  const candidates = [...state.bids.map((b) => b.userId), ...state.presenters.map((p) => p.userId)].filter((id, i, all) => all.indexOf(id) === i);
  const fromState = () => {
    const choices: Record<string, Choice> = {};
    for (const id of candidates) {
      const at = state.presenters.findIndex((p) => p.userId === id);
      choices[id] = { order: at >= 0 ? String(at + 1) : "", minutes: String(at >= 0 ? state.presenters[at].airtimeMinutes : 30) };
    }
    return choices;
  };
  const [choices, setChoices] = useState<Record<string, Choice>>(fromState);
  const [error, setError] = useState<string | null>(null);
  const presentersKey = JSON.stringify(state.presenters);
  // Another facilitator (or this one) saved: show what was saved.
  useEffect(() => {
    setChoices(fromState());
  }, [presentersKey]);
  const busy = live.isPending("setPresenters");
  const choice = (id: string): Choice => choices[id] ?? { order: "", minutes: "30" };
  const update = (id: string, patch: Partial<Choice>) => setChoices((c) => ({ ...c, [id]: { ...choice(id), ...patch } }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const chosen = candidates
      .filter((id) => choice(id).order !== "")
      .map((id) => ({ id, order: Number(choice(id).order), minutes: choice(id).minutes.trim() }));
    const orders = chosen.map((c) => c.order);
    let problem: string | null = null;
    if (new Set(orders).size !== orders.length) problem = "Give each presenter a different place in the order";
    for (const c of chosen) {
      const n = Number(c.minutes);
      if (!/^\d+$/.test(c.minutes) || n < 5 || n > LIMITS.maxAirtimeMinutes) {
        problem = `Airtime for ${nameOf(state, c.id)} must be a whole number of minutes from 5 to ${LIMITS.maxAirtimeMinutes}`;
      }
    }
    setError(problem);
    if (problem) {
      document.getElementById("live-presenters-error")?.focus();
      return;
    }
    chosen.sort((a, b) => a.order - b.order);
    void live.send({ type: "setPresenters", presenters: chosen.map((c) => ({ userId: c.id, airtimeMinutes: Number(c.minutes) })) });
  };

  return (
    <section aria-labelledby="live-presenters-heading">
      <h2 className="nhsuk-heading-m" id="live-presenters-heading">
        Choose the presenters
      </h2>
      {candidates.length === 0 ? (
        <p>When members bid, you can choose presenters from their bids here.</p>
      ) : (
        <form noValidate onSubmit={submit}>
          {error ? (
            <div className="nhsuk-error-summary" tabIndex={-1} id="live-presenters-error" role="alert">
              <h3 className="nhsuk-error-summary__title">There is a problem</h3>
              <div className="nhsuk-error-summary__body">
                <p>{error}</p>
              </div>
            </div>
          ) : null}
          {candidates.map((id) => {
            const c = choice(id);
            const bid = state.bids.find((b) => b.userId === id);
            return (
              <fieldset className="nhsuk-fieldset app-live-presenter" key={id}>
                <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{nameOf(state, id)}</legend>
                {bid ? <p className="nhsuk-body-s app-break-anywhere">Bid: {bid.text || DELETED_BID}</p> : null}
                <div className="app-live-presenter__fields">
                  <div className="nhsuk-form-group">
                    <label className="nhsuk-label" htmlFor={`live-order-${id}`}>
                      Order
                    </label>
                    <select className="nhsuk-select" id={`live-order-${id}`} value={c.order} onChange={(e) => update(id, { order: e.target.value })}>
                      <option value="">Not presenting</option>
                      {candidates.map((_, i) => (
                        <option key={i} value={String(i + 1)}>
                          {ordinalWord(i + 1)}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="nhsuk-form-group">
                    <label className="nhsuk-label" htmlFor={`live-minutes-${id}`}>
                      Airtime (minutes)
                    </label>
                    <input
                      className="nhsuk-input nhsuk-input--width-3"
                      id={`live-minutes-${id}`}
                      type="text"
                      inputMode="numeric"
                      value={c.minutes}
                      onChange={(e) => update(id, { minutes: e.target.value })}
                    />
                  </div>
                </div>
              </fieldset>
            );
          })}
          <LiveButton type="submit" busy={busy}>
            Save presenters
          </LiveButton>
        </form>
      )}
    </section>
  );
}

const ORDINALS = ["First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth"];
const ordinalWord = (n: number) => ORDINALS[n - 1] ?? `Number ${n}`;

// ---- an action written for the presenter ----------------------------------------

export function WriteActionForm({ presenterId }: { presenterId: string }) {
  const { state, live, drafts } = useLive();
  const field = `action-for:${presenterId}`;
  const value = drafts.get(field) ?? "";
  const [error, setError] = useState<string | null>(null);
  const busy = live.isPending("writeActionFor");
  const name = nameOf(state, presenterId);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const text = value.trim();
    const problem = !text ? "Write the action first" : text.length > LIMITS.action ? `The action must be ${LIMITS.action} characters or fewer` : null;
    setError(problem);
    if (problem) {
      document.getElementById("live-action-for")?.focus();
      return;
    }
    const ok = await live.send({ type: "writeActionFor", userId: presenterId, text });
    if (ok) drafts.clearIf(field, value);
  };
  return (
    <form noValidate onSubmit={submit}>
      <CountedTextarea
        id="live-action-for"
        label={`Write an action for ${name}`}
        labelClassName="nhsuk-label--s"
        hint={`Write it as ${name} said it. It counts once ${name} confirms it.`}
        value={value}
        onChange={(v) => drafts.set(field, v)}
        maxLength={LIMITS.action}
        error={error}
      />
      <LiveButton type="submit" busy={busy} variant="secondary">
        {`Write this action for ${name}`}
      </LiveButton>
    </form>
  );
}
