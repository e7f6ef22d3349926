import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ActionHistory, ActionStatusTag, SHARE_KIND_LABELS, targetDateText } from "~/components/actions";
import { RadiosField, SubmitButton, SuccessBanner, TextareaField, TextField, ValidatedForm } from "~/components/form";
import { HISTORY_LABELS, OWNER_STATUSES } from "~/domain/action-history";
import { actionAccess, actionDetail, editActionDetails, updateActionProgress } from "~/models/actions.server";
import { getSettings } from "~/models/settings.server";
import { ownerProposals } from "~/models/sharing.server";
import { ActionDetailsSchema, ActionUpdateSchema } from "~/schemas/actions";
import { forbidden, requireUser } from "~/server/guards.server";
import { fieldError, formError, invalid, readFormData } from "~/server/request.server";
import { formatInstant, formatMeetingDay } from "~/utils/dates";
import { validateForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Action - CLN Action Learning Sets" }];

async function guard(request: Request, actionId: string) {
  const user = await requireUser(request);
  // The same answer for "no such action" and "not in your set"; admins are not in the set.
  const access = actionAccess(user.id, actionId);
  if (!access) throw forbidden();
  return { user, access };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actionId = params.actionId ?? "";
  const { user, access } = await guard(request, actionId);
  const item = actionDetail(actionId, access);
  if (!item) throw forbidden();
  const proposals = access === "owner" ? ownerProposals(user.id, getSettings().shareNoticeDays).filter((p) => p.actionId === actionId) : [];
  return json({ access, item, proposals });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actionId = params.actionId ?? "";
  const { user, access } = await guard(request, actionId);
  if (access !== "owner") throw forbidden("Only the action's owner can change it");
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const now = Date.now();
  if (intent === "update") {
    const result = validateForm(ActionUpdateSchema, formData);
    if (!result.ok) return invalid(result);
    const outcome = updateActionProgress({ actionId, userId: user.id, ...result.data, now });
    if (!outcome.ok) return outcome.field === "form" ? formError(outcome.message, result.values, 409) : fieldError(outcome.field, outcome.message, result.values);
    return redirect(`/actions/${actionId}?notice=updated`);
  }
  if (intent === "details") {
    const result = validateForm(ActionDetailsSchema, formData);
    if (!result.ok) return invalid(result);
    const outcome = editActionDetails({ actionId, userId: user.id, ...result.data, now });
    if (!outcome.ok) return formError(outcome.message, result.values, 409);
    return redirect(`/actions/${actionId}?notice=details`);
  }
  return formError("That could not be done. Reload the page and try again.");
}

const NOTICES: Record<string, string> = {
  updated: "Your update is saved. Your facilitator can see it, and it will be shown at your set's next progress reports.",
  details: "Saved.",
};

export default function ActionPage() {
  const { access, item, proposals } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = NOTICES[params.get("notice") ?? ""];
  const owner = access === "owner";
  const resultFor = (intent: string) => (result && result.values?.intent === intent ? result : undefined);
  return (
    <>
      <Link to={owner ? "/actions" : `/cohorts/${item.cohortId}/actions`} className="nhsuk-back-link">
        {owner ? "Back to my actions" : `Back to ${item.cohortName}'s actions`}
      </Link>
      {notice ? <SuccessBanner>{notice}</SuccessBanner> : null}
      <span className="nhsuk-caption-l">{owner ? "Your action" : `${item.ownerName}'s action`}</span>
      <h1 className="app-break-anywhere">{item.text}</h1>
      <dl className="nhsuk-summary-list">
        <Row label="Status">
          <ActionStatusTag status={item.status} />
        </Row>
        <Row label="Set">{item.cohortName}</Row>
        <Row label="Committed at">the meeting of {formatMeetingDay(item.meetingStartsAt)}</Row>
        {access !== "member" ? (
          <>
            <Row label="How you will know it worked">{item.successMeasure || "Not written"}</Row>
            <Row label="Target date">{targetDateText(item.targetDate)}</Row>
          </>
        ) : null}
      </dl>

      <h2>History</h2>
      {access === "member" ? <p className="nhsuk-body-s">What was reported at the set's meetings.</p> : null}
      <ActionHistory committedAt={item.meetingStartsAt} history={item.history} />

      {proposals.length ? (
        <section aria-labelledby="sharing-heading">
          <h2 id="sharing-heading">Sharing beyond your set</h2>
          <ul className="nhsuk-list">
            {proposals.map((p) => (
              <li key={p.id}>
                <strong>{SHARE_KIND_LABELS[p.kind]}:</strong> <span className="app-break-anywhere">{p.text}</span>{" "}
                {p.status === "shared" ? "(shared)" : p.status === "withdrawn" ? "(withdrawn by you)" : p.sharesOn ? `(shared on ${formatInstant(p.sharesOn)} unless you withdraw it)` : ""}
              </li>
            ))}
          </ul>
          <p>
            <Link to="/actions">Share or withdraw on My actions</Link>
          </p>
        </section>
      ) : null}

      {owner && item.status === "open" ? (
        <section aria-labelledby="update-heading">
          <h2 id="update-heading">Update this action</h2>
          <p>Between meetings you can say how it is going. Your facilitator sees your update, and your set hears it at the next progress reports.</p>
          <ValidatedForm schema={ActionUpdateSchema} result={resultFor("update")}>
            <RadiosField
              name="status"
              legend="How is it going?"
              options={OWNER_STATUSES.map((s) => ({ value: s, label: HISTORY_LABELS[s], hint: s === "dropped" ? "Say why below" : undefined }))}
            />
            <TextareaField name="note" label="Progress note (optional; needed if you drop the action)" rows={3} />
            <TextareaField name="learned" label="What have you learned? (optional)" rows={3} />
            <TextareaField name="obstacles" label="What got in the way? (optional)" rows={3} />
            <SubmitButton intent="update">Save update</SubmitButton>
          </ValidatedForm>
        </section>
      ) : null}
      {owner ? (
        <section aria-labelledby="details-heading">
          <h2 id="details-heading">How you will know it worked</h2>
          <ValidatedForm schema={ActionDetailsSchema} result={resultFor("details")}>
            <TextareaField name="successMeasure" label="How will you know it worked? (optional)" defaultValue={item.successMeasure ?? ""} rows={3} />
            <TextField name="targetDate" label="Target date (optional)" type="date" defaultValue={item.targetDate ?? ""} />
            <SubmitButton intent="details" secondary>
              Save
            </SubmitButton>
          </ValidatedForm>
        </section>
      ) : null}
      {owner && item.status !== "open" ? <p>This action is {item.status === "done" ? "done" : "dropped"}. You commit to new actions at your meetings.</p> : null}
    </>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className="nhsuk-summary-list__value app-break-anywhere">{children}</dd>
    </div>
  );
}
