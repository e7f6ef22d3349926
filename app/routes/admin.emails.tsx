/**
 * /admin/emails: the meeting emails that did not go. The outbox retries each
 * email five times over about an hour and a half, then gives up ("failed");
 * one that was being sent when the server stopped is "interrupted" and not
 * resent by itself, because it may have gone. Here a CLN admin sees them
 * (what, to whom, for which meeting, what went wrong: never the address or
 * the text) and can send one again. Jobs are checked again when sent, so a
 * reminder for a meeting that has since moved or started is skipped.
 */
import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorSummary } from "nhsuk-react-components";
import { z } from "zod";
import type { JobKind } from "~db/enums";
import { SubmitButton, SuccessBanner, ValidatedForm } from "~/components/form";
import { ListTable } from "~/components/table-wrap";
import { retryEmail, undeliveredEmails } from "~/models/jobs.server";
import { requireRole } from "~/server/guards.server";
import { formError, invalid, readFormData } from "~/server/request.server";
import { formatInstant } from "~/utils/dates";
import { validateForm } from "~/utils/forms";

const RetrySchema = z.strictObject({ jobId: z.string().trim().min(1, "Choose an email").max(64, "Choose an email") });

const KIND_LABELS: Record<JobKind, string> = {
  reminder_7d: "Reminder, a week before",
  reminder_1d: "Reminder, a day before",
  series_scheduled: "Meetings scheduled",
  meeting_changed: "Meeting changed",
  meeting_cancelled: "Meeting cancelled",
};

export const meta: MetaFunction = () => [{ title: "Emails - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  return json(undeliveredEmails());
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, "admin");
  const formData = await readFormData(request);
  if (formData.get("intent") !== "retry") return formError("Choose an email to send again");
  const result = validateForm(RetrySchema, formData);
  if (!result.ok) return invalid(result);
  const outcome = retryEmail(result.data.jobId, { id: admin.id, ip: context.ip });
  if (!outcome.ok) {
    return formError(
      outcome.reason === "not-found"
        ? "That email is no longer on record (it may have been cleared out after a year)"
        : "That email is already queued or sent, so it was not queued again",
      result.values,
      outcome.reason === "not-found" ? 404 : 409,
    );
  }
  return redirect("/admin/emails?notice=queued");
}

export default function AdminEmails() {
  const { emails, undelivered, waiting, sentLast30Days } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      {params.get("notice") === "queued" && !result ? <SuccessBanner>The email is queued and will be sent in the next minute.</SuccessBanner> : null}
      {result && !result.ok && result.formError ? (
        <ErrorSummary>
          <ErrorSummary.Title>There is a problem</ErrorSummary.Title>
          <ErrorSummary.List>
            <li>{result.formError}</li>
          </ErrorSummary.List>
        </ErrorSummary>
      ) : null}
      <h1>Emails</h1>
      <p>
        Meeting reminders and notices are sent by the server on its own. An email that fails is tried again five times over about
        an hour and a half before it is given up. One that was being sent when the server stopped is not sent again by itself,
        because it may have arrived.
      </p>
      <dl className="nhsuk-summary-list">
        {(
          [
            ["Sent in the last 30 days", sentLast30Days],
            ["Waiting to be sent", waiting],
            ["Not sent", undelivered],
          ] as const
        ).map(([label, value]) => (
          <div className="nhsuk-summary-list__row" key={label}>
            <dt className="nhsuk-summary-list__key">{label}</dt>
            <dd className="nhsuk-summary-list__value">{value.toLocaleString("en-GB")}</dd>
          </div>
        ))}
      </dl>
      {emails.length === 0 ? (
        <p>Every email has been sent or is waiting to be sent.</p>
      ) : (
        <>
          {undelivered > emails.length ? (
            <p>
              The {emails.length} most recent of {undelivered.toLocaleString("en-GB")} are shown.
            </p>
          ) : null}
          <ListTable
            caption="Emails that were not sent"
            columns={["Email", "To", "Meeting", "What happened", { label: "Action", visuallyHidden: true }]}
          >
            {emails.map((email) => (
              <tr className="nhsuk-table__row" key={email.id}>
                <td className="nhsuk-table__cell">
                  {KIND_LABELS[email.kind]}
                  <br />
                  <span className="nhsuk-body-s">Due {formatInstant(email.runAt)}</span>
                </td>
                <td className="nhsuk-table__cell">
                  {email.recipientId ? <Link to={`/admin/people/${email.recipientId}`}>{email.recipientName}</Link> : "Nobody (account gone)"}
                </td>
                <td className="nhsuk-table__cell">
                  {email.cohortName ?? "Not known"}
                  {email.meetingStartsAt ? (
                    <>
                      <br />
                      <span className="nhsuk-body-s">{formatInstant(email.meetingStartsAt)}</span>
                    </>
                  ) : null}
                </td>
                <td className="nhsuk-table__cell">
                  {email.status === "interrupted"
                    ? "Interrupted while sending: it may have arrived"
                    : `Not sent after ${email.attempts} ${email.attempts === 1 ? "try" : "tries"}`}
                  {email.lastError && email.status !== "interrupted" ? (
                    <>
                      <br />
                      <span className="nhsuk-body-s">{email.lastError}</span>
                    </>
                  ) : null}
                </td>
                <td className="nhsuk-table__cell">
                  <ValidatedForm schema={RetrySchema} action="/admin/emails">
                    <input type="hidden" name="jobId" value={email.id} />
                    <SubmitButton intent="retry" secondary busyText="Queueing…">
                      Send again<span className="nhsuk-u-visually-hidden">: {KIND_LABELS[email.kind].toLowerCase()} to {email.recipientName ?? "nobody"}</span>
                    </SubmitButton>
                  </ValidatedForm>
                </td>
              </tr>
            ))}
          </ListTable>
        </>
      )}
    </>
  );
}
