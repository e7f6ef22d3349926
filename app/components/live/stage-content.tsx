/**
 * What the middle of the page shows at each stage: the ground rules,
 * report-backs, bids, a presenter's airtime and actions, and the summary at
 * the end. Text being typed lives in drafts, so it survives the facilitator
 * moving on, a reconnect and a reload.
 */
import { Link } from "@remix-run/react";
import { useRef, useState, type FormEvent } from "react";
import { AIRTIME_STEPS, LIMITS, REPORT_STATUSES, type ReportStatus } from "~/domain/live/types";
import { GroundRules } from "./agreement";
import { ButtonRow, CommandButton, CountedTextarea, ErrorMessage, LiveButton } from "./controls";
import { useLive } from "./context";
import { FacilitatorPresenters, WriteActionForm } from "./facilitator-controls";
import { HISTORY_LABELS } from "~/domain/action-history";
import { currentPresenter, DELETED_BID, nameOf, possessive, REPORT_STATUS_LABELS } from "./labels";

export function StageContent() {
  const { state } = useLive();
  const { stage } = state.position;
  return (
    <div className="app-live-stage">
      {stage === "opening" ? <Opening /> : null}
      {stage === "progress_reports" ? <ProgressReports /> : null}
      {stage === "bids" ? <Bids /> : null}
      {stage === "airtime" ? <Airtime /> : null}
      {stage === "ended" ? <Ended /> : null}
    </div>
  );
}

function Opening() {
  const { state } = useLive();
  const agreed = state.members.filter((m) => state.agreed.includes(m.userId));
  return (
    <>
      <h2 className="nhsuk-heading-m">Our ground rules</h2>
      <GroundRules />
      <p>
        {agreed.length} of {state.members.length} members have accepted the confidentiality agreement
        {agreed.length ? `: ${agreed.map((m) => m.name).join(", ")}` : ""}.
      </p>
    </>
  );
}

// ---- progress reports ---------------------------------------------------------

function ProgressReports() {
  const { state, me, live } = useLive();
  if (state.openActions.length === 0) {
    return <p>There are no open actions from earlier meetings to report back on.</p>;
  }
  // Owner by owner, in the set's turn order: those here first; the actions of anyone not here carry forward to the next meeting.
  const present = new Set(live.present);
  const owners = state.members.map((m) => m.userId).filter((id) => state.openActions.some((a) => a.ownerId === id));
  const here = owners.filter((id) => present.has(id) || id === me.userId);
  const away = owners.filter((id) => !here.includes(id));
  return (
    <>
      <h2 className="nhsuk-heading-m">Actions to report back on</h2>
      {here.map((ownerId) => (
        <OwnerReports key={ownerId} ownerId={ownerId} />
      ))}
      {away.length ? (
        <section aria-labelledby="live-away-heading">
          <h3 className="nhsuk-heading-s" id="live-away-heading">
            Not here today
          </h3>
          <p className="nhsuk-body-s">
            The actions of {away.map((id) => nameOf(state, id)).join(", ")} carry forward to the next meeting, unless they join and report back now.
          </p>
        </section>
      ) : null}
    </>
  );
}

function OwnerReports({ ownerId }: { ownerId: string }) {
  const { state, me } = useLive();
  const mine = ownerId === me.userId;
  const actions = state.openActions.filter((a) => a.ownerId === ownerId);
  return (
    <section aria-labelledby={`live-owner-${ownerId}`}>
      <h3 className="nhsuk-heading-s" id={`live-owner-${ownerId}`}>
        {mine ? "Your actions" : `${possessive(nameOf(state, ownerId))} actions`}
      </h3>
      {actions.map((action) => {
        const report = state.reports.find((r) => r.actionId === action.actionId);
        return (
          <div className="nhsuk-card" key={action.actionId}>
            <div className="nhsuk-card__content">
              <p className="app-break-anywhere">
                <strong>{action.text}</strong>
              </p>
              {action.update ? (
                <p className="nhsuk-body-s app-break-anywhere">
                  {mine ? "Your update" : "Their update"} between meetings: {HISTORY_LABELS[action.update.status]}
                  {action.update.note ? `. ${action.update.note}` : ""}
                </p>
              ) : null}
              {report ? (
                <dl className="nhsuk-summary-list">
                  <SummaryRow label="How it went" value={REPORT_STATUS_LABELS[report.status]} />
                  <SummaryRow label="What they learned" value={report.learned || "Nothing written"} />
                  <SummaryRow label="What got in the way" value={report.obstacles || "Nothing written"} />
                </dl>
              ) : mine ? null : (
                <p className="nhsuk-body-s">No report-back yet.</p>
              )}
              {mine ? <ReportBackForm actionId={action.actionId} /> : null}
            </div>
          </div>
        );
      })}
    </section>
  );
}

function SummaryRow({ label, value }: { label: string; value: string }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value app-break-anywhere">{value}</dd>
    </div>
  );
}

function ReportBackForm({ actionId }: { actionId: string }) {
  const { state, live, drafts } = useLive();
  const existing = state.reports.find((r) => r.actionId === actionId);
  const key = (field: string) => `report:${actionId}:${field}`;
  const status = (drafts.get(key("status")) ?? existing?.status ?? "") as ReportStatus | "";
  const learned = drafts.get(key("learned")) ?? existing?.learned ?? "";
  const obstacles = drafts.get(key("obstacles")) ?? existing?.obstacles ?? "";
  const [errors, setErrors] = useState<Record<string, string>>({});
  const busy = live.isPending("reportBack", (c) => c.type === "reportBack" && c.actionId === actionId);
  const base = `report-${actionId}`;
  const statusRef = useRef<HTMLInputElement>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const found: Record<string, string> = {};
    if (!status) found.status = "Choose how the action went";
    if (learned.length > LIMITS.reportText) found.learned = `Write ${LIMITS.reportText.toLocaleString("en-GB")} characters or fewer`;
    if (obstacles.length > LIMITS.reportText) found.obstacles = `Write ${LIMITS.reportText.toLocaleString("en-GB")} characters or fewer`;
    setErrors(found);
    if (found.status) return statusRef.current?.focus();
    if (found.learned) return document.getElementById(`${base}-learned`)?.focus();
    if (found.obstacles) return document.getElementById(`${base}-obstacles`)?.focus();
    const ok = await live.send({ type: "reportBack", actionId, status: status as ReportStatus, learned: learned.trim(), obstacles: obstacles.trim() });
    if (ok) {
      drafts.clearIf(key("status"), status);
      drafts.clearIf(key("learned"), learned);
      drafts.clearIf(key("obstacles"), obstacles);
    }
  };

  return (
    <form noValidate onSubmit={submit} aria-label="Your report-back">
      <div className={`nhsuk-form-group${errors.status ? " nhsuk-form-group--error" : ""}`}>
        <fieldset className="nhsuk-fieldset" aria-describedby={errors.status ? `${base}-status-error` : undefined}>
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">How did it go?</legend>
          <ErrorMessage id={`${base}-status`} error={errors.status} />
          <div className="nhsuk-radios">
            {REPORT_STATUSES.map((s, i) => (
              <div className="nhsuk-radios__item" key={s}>
                <input
                  ref={i === 0 ? statusRef : undefined}
                  className="nhsuk-radios__input"
                  id={`${base}-status-${s}`}
                  name={`${base}-status`}
                  type="radio"
                  value={s}
                  checked={status === s}
                  onChange={() => drafts.set(key("status"), s)}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={`${base}-status-${s}`}>
                  {REPORT_STATUS_LABELS[s]}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <CountedTextarea
        id={`${base}-learned`}
        label="What I learned"
        value={learned}
        onChange={(v) => drafts.set(key("learned"), v)}
        maxLength={LIMITS.reportText}
        error={errors.learned}
      />
      <CountedTextarea
        id={`${base}-obstacles`}
        label="What got in the way"
        value={obstacles}
        onChange={(v) => drafts.set(key("obstacles"), v)}
        maxLength={LIMITS.reportText}
        error={errors.obstacles}
      />
      <LiveButton type="submit" busy={busy}>
        {existing ? "Update my report-back" : "Save my report-back"}
      </LiveButton>
    </form>
  );
}

// ---- bids -----------------------------------------------------------------------

function Bids() {
  const { state, me } = useLive();
  return (
    <>
      <h2 className="nhsuk-heading-m">Bids ({state.bids.length})</h2>
      {state.bids.length ? (
        <ul className="nhsuk-list app-live-bids">
          {state.bids.map((b) => (
            <li key={b.userId} className="app-break-anywhere">
              <strong>{b.userId === me.userId ? "You" : nameOf(state, b.userId)}:</strong> {b.text || DELETED_BID}
            </li>
          ))}
        </ul>
      ) : (
        <p>No bids yet.</p>
      )}
      <PresenterList />
      {me.role === "member" ? <BidForm /> : <FacilitatorPresenters />}
    </>
  );
}

function PresenterList() {
  const { state } = useLive();
  if (!state.presenters.length) return null;
  const current = state.position.stage === "airtime" ? state.position.presenterIndex : null;
  return (
    <>
      <h2 className="nhsuk-heading-m">Presenters</h2>
      <ol className="nhsuk-list nhsuk-list--number">
        {state.presenters.map((p, i) => (
          <li key={p.userId} aria-current={i === current ? "true" : undefined}>
            {i === current ? <strong>{nameOf(state, p.userId)}</strong> : nameOf(state, p.userId)}, {p.airtimeMinutes} minutes
            {i === current ? <strong className="nhsuk-tag nhsuk-tag--green app-live-tag">Now</strong> : null}
          </li>
        ))}
      </ol>
    </>
  );
}

function BidForm() {
  const { state, me, live, drafts } = useLive();
  const mine = state.bids.find((b) => b.userId === me.userId);
  const value = drafts.get("bid") ?? "";
  const [error, setError] = useState<string | null>(null);
  const busy = live.isPending("setBid");

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const text = value.trim();
    const problem = !text ? "Write your bid before sending it" : text.length > LIMITS.bid ? `Your bid must be ${LIMITS.bid} characters or fewer` : null;
    setError(problem);
    if (problem) {
      document.getElementById("live-bid")?.focus();
      return;
    }
    const ok = await live.send({ type: "setBid", text });
    if (ok) drafts.clearIf("bid", value);
  };

  return (
    <section aria-labelledby="live-bid-heading">
      <h2 className="nhsuk-heading-m" id="live-bid-heading">
        Your bid
      </h2>
      {mine ? (
        <>
          <p className="app-break-anywhere">
            You bid: <strong>{mine.text}</strong>
          </p>
          <ButtonRow>
            <CommandButton command={{ type: "withdrawBid" }} variant="secondary">
              Withdraw my bid
            </CommandButton>
          </ButtonRow>
        </>
      ) : null}
      <form noValidate onSubmit={submit}>
        <CountedTextarea
          id="live-bid"
          label={mine ? "Change your bid, in one sentence" : "Your bid, in one sentence"}
          hint="What would you like the set's help with? Everyone in the set sees your bid."
          value={value}
          onChange={(v) => drafts.set("bid", v)}
          maxLength={LIMITS.bid}
          error={error}
          rows={2}
        />
        <LiveButton type="submit" busy={busy}>
          {mine ? "Change my bid" : "Send my bid"}
        </LiveButton>
      </form>
    </section>
  );
}

// ---- airtime ----------------------------------------------------------------------

function Airtime() {
  const { state, me } = useLive();
  const presenter = currentPresenter(state);
  const step = state.position.step;
  const presenting = presenter === me.userId;
  return (
    <>
      {presenter ? (
        <>
          <h2 className="nhsuk-heading-m">{presenting ? "Your airtime" : `${possessive(nameOf(state, presenter))} airtime`}</h2>
          <ol className="nhsuk-list nhsuk-list--number app-live-steps" aria-label="Steps of the airtime">
            {AIRTIME_STEPS.map((s) => (
              <li key={s} aria-current={s === step ? "step" : undefined}>
                {s === step ? <strong>{STEP_NAMES[s]}</strong> : STEP_NAMES[s]}
                {s === step ? <strong className="nhsuk-tag nhsuk-tag--green app-live-tag">Now</strong> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      {presenter && (step === "commit" || state.actions.some((a) => a.ownerId === presenter)) ? <PresenterActions presenterId={presenter} /> : null}
      {presenter && step === "commit" && presenting ? <ProposeActionForm /> : null}
      {presenter && step === "commit" && me.role === "facilitator" ? <WriteActionForm presenterId={presenter} /> : null}
      <PresenterList />
    </>
  );
}

const STEP_NAMES = {
  present: "Presenting, without interruption",
  clarifying: "Clarifying questions",
  open_questions: "Open questions, round the set",
  reflect: "The presenter reflects",
  commit: "The presenter commits to an action",
} as const;

function PresenterActions({ presenterId }: { presenterId: string }) {
  const { state, me } = useLive();
  const theirs = state.actions.filter((a) => a.ownerId === presenterId);
  const mine = presenterId === me.userId;
  return (
    <section aria-labelledby="live-actions-heading">
      <h2 className="nhsuk-heading-m" id="live-actions-heading">
        {mine ? "Your actions" : `${possessive(nameOf(state, presenterId))} actions`}
      </h2>
      {theirs.length ? (
        <ul className="nhsuk-list app-live-actions">
          {theirs.map((a) => (
            <li key={a.actionId} className="app-live-action">
              <p className="app-break-anywhere" id={`live-action-${a.actionId}`}>
                {a.text}
              </p>
              {a.confirmed ? (
                <strong className="nhsuk-tag nhsuk-tag--green">Confirmed</strong>
              ) : mine ? (
                <CommandButton command={{ type: "confirmAction", actionId: a.actionId }} describedBy={`live-action-${a.actionId}`}>
                  Confirm this action
                </CommandButton>
              ) : (
                <strong className="nhsuk-tag nhsuk-tag--yellow">Waiting for {nameOf(state, a.ownerId)} to confirm</strong>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <p>No action yet.</p>
      )}
    </section>
  );
}

function ProposeActionForm() {
  const { live, drafts } = useLive();
  const value = drafts.get("action") ?? "";
  const [error, setError] = useState<string | null>(null);
  const busy = live.isPending("proposeAction");
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const text = value.trim();
    const problem = !text
      ? "Write your action before committing to it"
      : text.length > LIMITS.action
      ? `Your action must be ${LIMITS.action} characters or fewer`
      : null;
    setError(problem);
    if (problem) {
      document.getElementById("live-action")?.focus();
      return;
    }
    const ok = await live.send({ type: "proposeAction", text });
    if (ok) drafts.clearIf("action", value);
  };
  return (
    <form noValidate onSubmit={submit}>
      <CountedTextarea
        id="live-action"
        label="Your action"
        labelClassName="nhsuk-label--s"
        hint="One thing you will do before the next meeting. The set sees it, and you report back on it next time."
        value={value}
        onChange={(v) => drafts.set("action", v)}
        maxLength={LIMITS.action}
        error={error}
      />
      <LiveButton type="submit" busy={busy}>
        Commit to this action
      </LiveButton>
    </form>
  );
}

// ---- the end ------------------------------------------------------------------------

function Ended() {
  const { state, meetingId, me } = useLive();
  return (
    <>
      <h2 className="nhsuk-heading-m">Actions from this meeting</h2>
      {state.actions.length ? (
        <ul className="nhsuk-list app-live-actions">
          {state.actions.map((a) => (
            <li key={a.actionId} className="app-live-action app-break-anywhere">
              <strong>{nameOf(state, a.ownerId)}:</strong> {a.text}
              {a.confirmed ? null : <span className="nhsuk-tag nhsuk-tag--grey app-live-tag">Not confirmed, so not kept</span>}
            </li>
          ))}
        </ul>
      ) : (
        <p>No actions were committed in this meeting.</p>
      )}
      <p>
        {me.role === "facilitator" ? (
          <Link to={`/meetings/${meetingId}/share`}>Review this meeting's actions and report-backs for sharing beyond the set</Link>
        ) : (
          <Link to="/actions">See your actions in My actions</Link>
        )}
      </p>
      <p>
        <Link to={`/meetings/${meetingId}`}>Back to the meeting page</Link>
      </p>
    </>
  );
}
