/**
 * The wellbeing check's pieces, shared by the live meeting (check-in) and the
 * person's own wellbeing page. Everything here is the viewer's own: answers
 * are posted over HTTP to the page's action (never over the meeting socket)
 * and come back only to the person who gave them.
 */
import { Link, useFetcher } from "@remix-run/react";
import { useState } from "react";
import {
  ARRIVAL_HIGH_LABEL,
  ARRIVAL_LOW_LABEL,
  ARRIVAL_MAX,
  ARRIVAL_MIN,
  ARRIVAL_QUESTION,
  BAND_WORDS,
  NATIONAL_SUPPORT,
  PHQ4_ITEMS,
  PHQ4_NOTICE,
  PHQ4_OPTIONS,
  PHQ4_STEM,
  type Hub,
  type Phq4Answers,
  type Phq4Score,
} from "~/domain/wellbeing";
import { formatMeetingDay } from "~/utils/dates";

export type WellbeingAnswerView = {
  id: string;
  createdAt: number;
  meetingId: string | null;
  arrival: number | null;
  phq4: (Phq4Answers & { score: Phq4Score }) | null;
};
export type SignpostingView = { hubs: Array<Hub & { footprintName: string }> };
type Answer = { ok: true; wellbeing: string } | { ok: false; errors?: Record<string, string>; formError?: string };

const ARRIVAL_VALUES = Array.from({ length: ARRIVAL_MAX - ARRIVAL_MIN + 1 }, (_, i) => ARRIVAL_MIN + i);

export const PRIVACY_WORDS =
  "Only you see your answers. Facilitators, other members and admins never see them or whether you took part. Only figures for 8 or more people together, by area and quarter, are used to improve support.";

function ErrorBox({ answer }: { answer: Answer | undefined }) {
  if (!answer || answer.ok) return null;
  const messages = [answer.formError, ...Object.values(answer.errors ?? {})].filter(Boolean);
  if (!messages.length) messages.push("Your answers were not saved. Try again.");
  return (
    <div className="nhsuk-error-summary" role="alert" tabIndex={-1}>
      <h3 className="nhsuk-error-summary__title">Your answers were not saved</h3>
      <div className="nhsuk-error-summary__body">
        <ul className="nhsuk-list nhsuk-error-summary__list">
          {messages.map((m) => (
            <li key={m}>{m}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** "Take part" / "Not now": consent, asked before any question. */
export function ConsentChoice({ intent, onNotNow }: { intent: string; onNotNow?: () => void }) {
  const fetcher = useFetcher<Answer>();
  const busy = fetcher.state !== "idle";
  return (
    <fetcher.Form method="post" noValidate>
      <p>
        You can answer a short, private question about how you are arriving today. Taking part is your choice and you can
        stop at any time from your <Link to="/wellbeing">wellbeing page</Link>.
      </p>
      <p className="nhsuk-body-s">{PRIVACY_WORDS}</p>
      <input type="hidden" name="intent" value={intent} />
      <div className="nhsuk-button-group">
        <button type="submit" name="choice" value="take-part" className="nhsuk-button nhsuk-button--secondary" disabled={busy}>
          Take part
        </button>
        {onNotNow ? (
          // Nothing is sent: not taking part leaves no trace.
          <button type="button" className="nhsuk-button nhsuk-button--secondary" disabled={busy} onClick={onNotNow}>
            Not now
          </button>
        ) : null}
      </div>
      <ErrorBox answer={fetcher.state === "idle" ? fetcher.data : undefined} />
    </fetcher.Form>
  );
}

function Radios({ name, legend, hint, options, inline }: { name: string; legend: string; hint?: string; options: Array<{ value: number; label: string }>; inline?: boolean }) {
  const id = `wb-${name}`;
  return (
    <div className="nhsuk-form-group">
      <fieldset className="nhsuk-fieldset" aria-describedby={hint ? `${id}-hint` : undefined}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        {hint ? (
          <div className="nhsuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        ) : null}
        <div className={`nhsuk-radios${inline ? " nhsuk-radios--inline" : ""}`}>
          {options.map((o) => (
            <div className="nhsuk-radios__item" key={o.value}>
              <input className="nhsuk-radios__input" id={`${id}-${o.value}`} name={name} type="radio" value={String(o.value)} />
              <label className="nhsuk-label nhsuk-radios__label" htmlFor={`${id}-${o.value}`}>
                {o.label}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/** The questions: the arrival scale, and the PHQ-4 when it is switched on. */
export function WellbeingQuestions({ withPhq4, intent }: { withPhq4: boolean; intent: string }) {
  const fetcher = useFetcher<Answer>();
  const busy = fetcher.state !== "idle";
  return (
    <fetcher.Form method="post" noValidate>
      <input type="hidden" name="intent" value={intent} />
      <Radios
        name="arrival"
        legend={ARRIVAL_QUESTION}
        hint={`Choose a number from ${ARRIVAL_MIN} to ${ARRIVAL_MAX}. ${ARRIVAL_LOW_LABEL}; ${ARRIVAL_HIGH_LABEL}.`}
        options={ARRIVAL_VALUES.map((v) => ({ value: v, label: String(v) }))}
        inline
      />
      {withPhq4 ? (
        <>
          <p className="nhsuk-body">{PHQ4_STEM}</p>
          {PHQ4_ITEMS.map((item) => (
            <Radios key={item.key} name={item.key} legend={item.text} options={PHQ4_OPTIONS.map((o) => ({ value: o.value, label: o.label }))} />
          ))}
          <p className="nhsuk-body-s">{PHQ4_NOTICE}</p>
        </>
      ) : null}
      <ErrorBox answer={fetcher.state === "idle" ? fetcher.data : undefined} />
      <button type="submit" className="nhsuk-button" disabled={busy}>
        {busy ? "Saving…" : "Save my answers"}
      </button>
    </fetcher.Form>
  );
}

/** What the person's own answer says. */
export function WellbeingResult({ answer }: { answer: WellbeingAnswerView }) {
  const s = answer.phq4?.score;
  return (
    <div className="nhsuk-inset-text" role="status">
      <span className="nhsuk-u-visually-hidden">Saved: </span>
      {answer.arrival !== null ? <p>You said you are arriving at {answer.arrival} out of 10.</p> : null}
      {s ? (
        <p>
          Your anxiety score is {s.anxiety} out of 6 and your low mood score is {s.depression} out of 6. Your total is {s.total} out of 12 (
          {BAND_WORDS[s.band]}).
        </p>
      ) : null}
      <p className="nhsuk-body-s">These answers are private to you. You can see them over time on your <Link to="/wellbeing">wellbeing page</Link>.</p>
    </div>
  );
}

/** Where to get support: the person's footprint's wellbeing hub and the national lines. */
export function Signposting({ signposting, flagged = true }: { signposting: SignpostingView; flagged?: boolean }) {
  return (
    <div className="nhsuk-card nhsuk-card--care nhsuk-card--care--urgent">
      <div className="nhsuk-card--care__heading-container">
        <h3 className="nhsuk-card--care__heading">
          <span role="text">
            <span className="nhsuk-u-visually-hidden">Important: </span>Support is available
          </span>
        </h3>
        <span className="nhsuk-card--care__arrow" aria-hidden="true" />
      </div>
      <div className="nhsuk-card__content">
        {flagged ? (
          <p>
            Your answers suggest you may be feeling anxious or low. This is not a diagnosis, and you do not have to do anything.
            If you would like to talk to someone, these services are free and confidential.
          </p>
        ) : (
          <p>If you would like to talk to someone, these services are free and confidential.</p>
        )}
        {signposting.hubs.map((hub) => (
          <section key={hub.footprintName} aria-label={hub.name}>
            <h4>{hub.name}</h4>
            <p className="nhsuk-body-s">Staff mental health and wellbeing hub for {hub.footprintName}</p>
            <ul className="nhsuk-list">
              {hub.phone ? (
                <li>
                  Phone: <a href={`tel:${hub.phone.replace(/\s+/g, "")}`}>{hub.phone}</a>
                </li>
              ) : null}
              {hub.url ? (
                <li className="app-break-anywhere">
                  Website:{" "}
                  <a href={hub.url} rel="noopener noreferrer" target="_blank">
                    {hub.url} (opens in a new tab)
                  </a>
                </li>
              ) : null}
              {hub.hours ? <li>Opening hours: {hub.hours}</li> : null}
            </ul>
          </section>
        ))}
        <h4>National support</h4>
        <ul className="nhsuk-list">
          {NATIONAL_SUPPORT.map((line) => (
            <li key={line.name}>
              <strong>{line.name}:</strong> {line.how}
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** The person's own answers over time, as a table (newest last). */
export function WellbeingTrend({ answers }: { answers: WellbeingAnswerView[] }) {
  if (!answers.length) return <p>You have no answers saved.</p>;
  const anyPhq = answers.some((a) => a.phq4);
  return (
    <table className="nhsuk-table">
      <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Your wellbeing check answers over time</caption>
      <thead className="nhsuk-table__head">
        <tr className="nhsuk-table__row">
          <th scope="col" className="nhsuk-table__header">
            Date
          </th>
          <th scope="col" className="nhsuk-table__header">
            Arriving (0 to 10)
          </th>
          {anyPhq ? (
            <>
              <th scope="col" className="nhsuk-table__header">
                Anxiety (0 to 6)
              </th>
              <th scope="col" className="nhsuk-table__header">
                Low mood (0 to 6)
              </th>
              <th scope="col" className="nhsuk-table__header">
                PHQ-4 total (0 to 12)
              </th>
            </>
          ) : null}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">
        {answers.map((a) => (
          <tr className="nhsuk-table__row" key={a.id}>
            <td className="nhsuk-table__cell">{formatMeetingDay(a.createdAt)}</td>
            <td className="nhsuk-table__cell">{a.arrival ?? "-"}</td>
            {anyPhq ? (
              <>
                <td className="nhsuk-table__cell">{a.phq4?.score.anxiety ?? "-"}</td>
                <td className="nhsuk-table__cell">{a.phq4?.score.depression ?? "-"}</td>
                <td className="nhsuk-table__cell">{a.phq4 ? `${a.phq4.score.total} (${BAND_WORDS[a.phq4.score.band]})` : "-"}</td>
              </>
            ) : null}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export type LiveWellbeingView = {
  mode: 1 | 2;
  consent: { consented: boolean };
  answer: WellbeingAnswerView | null;
  signposting: SignpostingView | null;
};

/** The private panel at a live meeting's check-in, for a member, about themselves only. */
export function LiveWellbeingPanel({ wellbeing }: { wellbeing: LiveWellbeingView }) {
  const [notNow, setNotNow] = useState(false);
  // "Change my answers" for the answer shown; a newly saved answer shows its result again.
  const [changing, setChanging] = useState<number | null>(null);
  const again = wellbeing.answer !== null && changing === wellbeing.answer.createdAt;
  let body;
  if (!wellbeing.consent.consented) {
    body = notNow ? (
      <p>You chose not to take part today. You can change your mind on your <Link to="/wellbeing">wellbeing page</Link>.</p>
    ) : (
      <ConsentChoice intent="wellbeing-choice" onNotNow={() => setNotNow(true)} />
    );
  } else if (wellbeing.answer && !again) {
    body = (
      <>
        <WellbeingResult answer={wellbeing.answer} />
        {wellbeing.signposting ? <Signposting signposting={wellbeing.signposting} /> : null}
        <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => setChanging(wellbeing.answer!.createdAt)}>
          Change my answers
        </button>
      </>
    );
  } else {
    body = <WellbeingQuestions withPhq4={wellbeing.mode === 2} intent="wellbeing" key={wellbeing.answer?.createdAt ?? "new"} />;
  }
  return (
    <section className="app-live-panel" aria-labelledby="live-wellbeing-heading">
      <h2 className="nhsuk-heading-s" id="live-wellbeing-heading">
        Wellbeing check (private)
      </h2>
      {body}
    </section>
  );
}
