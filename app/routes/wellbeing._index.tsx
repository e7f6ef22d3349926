/**
 * /wellbeing: the person's own wellbeing check. Whether they take part (and
 * stopping), their answers over time, deleting them, and where to get
 * support. Everything here is the signed-in person's own; nobody else's
 * answers can be reached from this page, whatever is posted.
 */
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { ConsentChoice, PRIVACY_WORDS, Signposting, WellbeingQuestions, WellbeingResult, WellbeingTrend } from "~/components/wellbeing";
import { needsSignposting, phq4FromForm, WellbeingAnswerSchema, WellbeingChoiceSchema } from "~/domain/wellbeing";
import { consentOf, deleteMyAnswers, giveConsent, myTrend, recordAnswer, signpostingFor, wellbeingMode, withdrawConsent } from "~/models/wellbeing.server";
import { requireUser } from "~/server/guards.server";
import { formError, invalid, readFormData } from "~/server/request.server";
import { formatMeetingDay } from "~/utils/dates";
import { validateForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Your wellbeing check - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const trend = myTrend(user.id);
  const latest = trend.at(-1) ?? null;
  return json({
    mode: wellbeingMode(),
    consent: consentOf(user.id),
    trend,
    latest,
    flagged: needsSignposting(latest?.phq4?.score ?? null),
    signposting: signpostingFor(user.id),
  });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const now = Date.now();
  if (intent === "wellbeing-choice") {
    const result = validateForm(WellbeingChoiceSchema, formData);
    if (!result.ok) return invalid(result);
    const { choice } = result.data;
    if (choice === "take-part") giveConsent(user.id, now);
    else if (choice === "withdraw") withdrawConsent(user.id, now);
    else if (choice === "delete-answers") return json({ ok: true as const, wellbeing: choice, deleted: deleteMyAnswers(user.id) });
    return json({ ok: true as const, wellbeing: choice });
  }
  if (intent === "wellbeing") {
    const result = validateForm(WellbeingAnswerSchema, formData);
    if (!result.ok) return invalid(result);
    const saved = recordAnswer({ userId: user.id, meetingId: null, arrival: result.data.arrival, phq4: phq4FromForm(result.data), now });
    if (!saved.ok) return formError(saved.message, result.values, saved.status);
    return json({ ok: true as const, wellbeing: "saved" as const });
  }
  return formError("This form was sent with an unknown action. Reload the page and try again.");
}

function ChoiceButton({ choice, children, warning }: { choice: string; children: string; warning?: boolean }) {
  const fetcher = useFetcher();
  return (
    <fetcher.Form method="post" noValidate>
      <input type="hidden" name="intent" value="wellbeing-choice" />
      <button
        type="submit"
        name="choice"
        value={choice}
        className={`nhsuk-button ${warning ? "nhsuk-button--warning" : "nhsuk-button--secondary"}`}
        disabled={fetcher.state !== "idle"}
      >
        {children}
      </button>
    </fetcher.Form>
  );
}

export default function WellbeingPage() {
  const { mode, consent, trend, latest, flagged, signposting } = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Your wellbeing check</h1>
        <p className="nhsuk-lede-text">A short, optional check of how you are, at the start of your set's meetings.</p>
        <p>{PRIVACY_WORDS}</p>

        <h2>Taking part</h2>
        {consent.consented ? (
          <>
            <p>You chose to take part on {formatMeetingDay(consent.consentedAt!)}.</p>
            <p>
              If you stop taking part you will not be asked again. The answers you have already given are kept so you can see them
              here, until you delete them.
            </p>
            <ChoiceButton choice="withdraw">Stop taking part</ChoiceButton>
          </>
        ) : (
          <>
            <p>{consent.withdrawnAt ? `You stopped taking part on ${formatMeetingDay(consent.withdrawnAt)}.` : "You are not taking part."}</p>
            {mode === 0 ? <p>The wellbeing check is not switched on at the moment.</p> : <ConsentChoice intent="wellbeing-choice" />}
          </>
        )}

        {consent.consented && mode !== 0 ? (
          <>
            <h2>Answer now</h2>
            <p>You can answer here at any time, as well as at the check-in of your meetings.</p>
            <WellbeingQuestions withPhq4={mode === 2} intent="wellbeing" key={latest?.createdAt ?? "new"} />
          </>
        ) : null}

        <h2>Your answers over time</h2>
        {latest ? <WellbeingResult answer={latest} /> : null}
        <WellbeingTrend answers={trend} />
        {trend.length ? (
          <>
            <p>Deleting your answers removes them for good, including from the figures used to improve support.</p>
            <ChoiceButton choice="delete-answers" warning>
              Delete my answers
            </ChoiceButton>
          </>
        ) : null}

        <h2>Where to get support</h2>
        <Signposting signposting={signposting} flagged={flagged} />
      </div>
    </div>
  );
}
