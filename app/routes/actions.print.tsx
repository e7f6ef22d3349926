import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ActionHistory, targetDateText } from "~/components/actions";
import { ACTION_STATUS_LABELS } from "~/domain/action-history";
import { exportMyActions } from "~/models/actions.server";
import { requireUser } from "~/server/guards.server";
import { formatInstant, formatMeetingDay } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "My actions (printable) - CLN Action Learning Sets" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return json({ name: user.name, printedAt: Date.now(), actions: exportMyActions(user.id, "print", context.ip ?? null) });
}

export default function PrintMyActions() {
  const { name, printedAt, actions } = useLoaderData<typeof loader>();
  return (
    <>
      <Link to="/actions" className="nhsuk-back-link app-no-print">
        Back to my actions
      </Link>
      <h1>Actions of {name}</h1>
      <p>
        From the CLN Digital Action Learning Sets, {formatInstant(printedAt)}. Confidential: these come from your set's meetings.
      </p>
      <p className="app-no-print">Use your browser's print command (Ctrl+P, or Share then Print on a phone) to print this page or save it as a PDF.</p>
      {actions.length ? null : <p>You have no actions yet.</p>}
      {actions.map((a) => (
        <section key={a.id} className="app-print-action" aria-labelledby={`action-${a.id}`}>
          <h2 id={`action-${a.id}`} className="nhsuk-heading-m app-break-anywhere">
            {a.text}
          </h2>
          <p>
            {ACTION_STATUS_LABELS[a.status]}. {a.cohortName}, committed at the meeting of {formatMeetingDay(a.meetingStartsAt)}. Target date: {targetDateText(a.targetDate)}.
            {a.successMeasure ? ` How I will know it worked: ${a.successMeasure}` : ""}
          </p>
          <ActionHistory committedAt={a.meetingStartsAt} history={a.history} />
        </section>
      ))}
    </>
  );
}
