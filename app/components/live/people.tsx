/**
 * Who is in the meeting now (with raised hands) and the current round's turn
 * order (with the current speaker marked for screen readers by aria-current).
 */
import { useLive } from "./context";
import { currentPresenter, nameOf } from "./labels";

const ordinal = (n: number) => {
  const s = ["th", "st", "nd", "rd"];
  const v = n % 100;
  return `${n}${s[(v - 20) % 10] ?? s[v] ?? s[0]}`;
};

export function PresenceList() {
  const { state, live, me } = useLive();
  const present = new Set(live.present);
  const people = [...state.facilitators.map((p) => ({ ...p, facilitator: true })), ...state.members.map((p) => ({ ...p, facilitator: false }))];
  const here = people.filter((p) => present.has(p.userId));
  const away = people.filter((p) => !present.has(p.userId));
  const ready = new Set(state.ready);
  return (
    <section className="app-live-panel" aria-labelledby="live-present-heading">
      <h2 className="nhsuk-heading-s" id="live-present-heading">
        Here now ({here.length})
      </h2>
      {here.length ? (
        <ul className="nhsuk-list app-live-people">
          {here.map((p) => {
            const hand = state.hands.indexOf(p.userId);
            return (
              <li key={p.userId}>
                {p.name}
                {p.userId === me.userId ? " (you)" : ""}
                {p.facilitator ? <span className="nhsuk-body-s"> (facilitator)</span> : null}
                {hand >= 0 ? (
                  <strong className="nhsuk-tag nhsuk-tag--blue app-live-tag">Hand raised{state.hands.length > 1 ? `, ${ordinal(hand + 1)}` : ""}</strong>
                ) : null}
                {ready.has(p.userId) ? <strong className="nhsuk-tag nhsuk-tag--green app-live-tag">Ready</strong> : null}
              </li>
            );
          })}
        </ul>
      ) : (
        <p className="nhsuk-body-s">Nobody else has joined yet.</p>
      )}
      {away.length ? (
        <p className="nhsuk-body-s">
          <span className="app-live-muted">Not here: </span>
          {away.map((p) => p.name).join(", ")}
        </p>
      ) : null}
      {/* Hands raised by people who have since dropped off still count. */}
      {state.hands.some((id) => !present.has(id)) ? (
        <p className="nhsuk-body-s">
          Hands raised by people not here now:{" "}
          {state.hands
            .filter((id) => !present.has(id))
            .map((id) => nameOf(state, id))
            .join(", ")}
        </p>
      ) : null}
    </section>
  );
}

export function RoundOrder() {
  const { state, me } = useLive();
  const round = state.round;
  if (!round) return null;
  const passed = new Set(round.passed);
  const presenter = currentPresenter(state);
  return (
    <section className="app-live-panel" aria-labelledby="live-round-heading">
      <h2 className="nhsuk-heading-s" id="live-round-heading">
        Turn order
      </h2>
      <ol className="nhsuk-list nhsuk-list--number app-live-round">
        {round.order.map((userId, i) => {
          const current = i === round.index;
          const done = i < round.index;
          return (
            <li key={userId} aria-current={current ? "true" : undefined} className={current ? "app-live-round__current" : undefined}>
              {current ? <strong>{nameOf(state, userId)}</strong> : nameOf(state, userId)}
              {userId === me.userId ? " (you)" : ""}
              {current ? <strong className="nhsuk-tag nhsuk-tag--green app-live-tag">Speaking now</strong> : null}
              {passed.has(userId) ? (
                <span className="nhsuk-tag nhsuk-tag--grey app-live-tag">Passed</span>
              ) : done ? (
                <span className="nhsuk-tag nhsuk-tag--grey app-live-tag">Done</span>
              ) : null}
            </li>
          );
        })}
      </ol>
      {round.index >= round.order.length ? <p className="nhsuk-body-s">Everyone has had their turn.</p> : null}
      {presenter ? <p className="nhsuk-body-s">{nameOf(state, presenter)} is presenting and answers the questions.</p> : null}
    </section>
  );
}
