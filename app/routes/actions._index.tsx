import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { ActionStatusTag, SHARE_KIND_LABELS, targetDateText } from "~/components/actions";
import { SuccessBanner } from "~/components/form";
import { HISTORY_LABELS } from "~/domain/action-history";
import { myActions } from "~/models/actions.server";
import { getSettings } from "~/models/settings.server";
import { ownerProposals, respondToProposal } from "~/models/sharing.server";
import { OwnerShareSchema } from "~/schemas/actions";
import { requireUser } from "~/server/guards.server";
import { formError, invalid, readFormData } from "~/server/request.server";
import { formatInstant, formatMeetingDay } from "~/utils/dates";
import { validateForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "My actions - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const { shareNoticeDays } = getSettings();
  return json({ actions: myActions(user.id), proposals: ownerProposals(user.id, shareNoticeDays), noticeDays: shareNoticeDays });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const result = validateForm(OwnerShareSchema, await readFormData(request));
  if (!result.ok) return invalid(result);
  const outcome = respondToProposal({ ...result.data, userId: user.id, now: Date.now(), ip: context.ip });
  if (!outcome.ok) return formError(outcome.message, result.values, 409);
  return redirect(`/actions?notice=${outcome.response === "agree" ? "shared" : "withdrawn"}`);
}

const NOTICES: Record<string, string> = {
  shared: "Thank you. The item is now shared beyond your set, de-identified.",
  withdrawn: "The item is withdrawn. It will not be shared, and if it was shared it has been deleted.",
};

export default function MyActions() {
  const { actions, proposals, noticeDays } = useLoaderData<typeof loader>();
  const answer = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = NOTICES[params.get("notice") ?? ""];
  const open = actions.filter((a) => a.status === "open");
  const closed = actions.filter((a) => a.status !== "open");
  const pending = proposals.filter((p) => p.status === "proposed");
  const shared = proposals.filter((p) => p.status === "shared");
  return (
    <>
      {notice ? <SuccessBanner>{notice}</SuccessBanner> : null}
      {answer && !answer.ok ? (
        <div className="nhsuk-error-summary" role="alert" tabIndex={-1}>
          <h2 className="nhsuk-error-summary__title">There is a problem</h2>
          <div className="nhsuk-error-summary__body">
            <p>{answer.formError ?? "That could not be saved. Try again."}</p>
          </div>
        </div>
      ) : null}
      <h1>My actions</h1>
      <p className="nhsuk-lede-text">Every action you have committed to in your sets. Update them between meetings; your set hears how it went at the next meeting.</p>
      {actions.length ? (
        <p className="app-no-print">
          <a href="/actions/export.csv" download>
            Download your actions (CSV spreadsheet)
          </a>
          {" · "}
          <Link to="/actions/print">Printable version</Link>
        </p>
      ) : null}

      {pending.length ? (
        <section aria-labelledby="proposed-heading">
          <h2 id="proposed-heading">Proposed for sharing beyond your set</h2>
          <p>
            Your facilitator would like to share these, de-identified, so the programme can see what needs keep coming back. Nothing else about you goes with
            them. If you do nothing, each is shared {noticeDays} {noticeDays === 1 ? "day" : "days"} after it was proposed. You can withdraw any of them.
          </p>
          {pending.map((p) => (
            <ProposalCard key={p.id} proposal={p} />
          ))}
        </section>
      ) : null}

      <h2>Open actions</h2>
      {open.length ? <ActionCards actions={open} /> : <p>You have no open actions. You commit to actions in your presenter airtime at a meeting.</p>}
      {closed.length ? (
        <>
          <h2>Done and dropped</h2>
          <ActionCards actions={closed} />
        </>
      ) : null}

      {shared.length ? (
        <section aria-labelledby="shared-heading">
          <h2 id="shared-heading">Shared beyond your set</h2>
          <p>These de-identified items are shared with the programme. You can withdraw one at any time; it is then deleted.</p>
          {shared.map((p) => (
            <ProposalCard key={p.id} proposal={p} />
          ))}
        </section>
      ) : null}
    </>
  );
}

type Proposal = ReturnType<typeof useLoaderData<typeof loader>>["proposals"][number];

function ProposalCard({ proposal }: { proposal: Proposal }) {
  const navigation = useNavigation();
  const busy = navigation.state === "submitting" && navigation.formData?.get("proposalId") === proposal.id;
  return (
    <div className="nhsuk-card">
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading nhsuk-heading-s">{SHARE_KIND_LABELS[proposal.kind]}</h3>
        <p className="app-break-anywhere">{proposal.text}</p>
        <p className="nhsuk-body-s">
          {proposal.status === "shared" && proposal.sharedAt
            ? `Shared ${formatInstant(proposal.sharedAt)}.`
            : proposal.sharesOn
              ? `Shared on ${formatInstant(proposal.sharesOn)} unless you withdraw it.`
              : null}{" "}
          <Link to={`/actions/${proposal.actionId}`}>See the action</Link>
        </p>
        <Form method="post" className="app-button-row">
          <input type="hidden" name="proposalId" value={proposal.id} />
          {proposal.status === "proposed" ? (
            <button type="submit" name="response" value="agree" className="nhsuk-button" data-module="nhsuk-button" disabled={busy}>
              Share it now
            </button>
          ) : null}
          <button type="submit" name="response" value="withdraw" className="nhsuk-button nhsuk-button--secondary" data-module="nhsuk-button" disabled={busy}>
            {proposal.status === "shared" ? "Withdraw and delete it" : "Withdraw it"}
          </button>
        </Form>
      </div>
    </div>
  );
}

type Item = ReturnType<typeof useLoaderData<typeof loader>>["actions"][number];

function ActionCards({ actions }: { actions: Item[] }) {
  return (
    <ul className="nhsuk-list">
      {actions.map((a) => {
        const latest = a.history.at(-1);
        return (
          <li key={a.id} className="nhsuk-card">
            <div className="nhsuk-card__content">
              <h3 className="nhsuk-card__heading nhsuk-heading-s">
                <Link to={`/actions/${a.id}`} className="app-break-anywhere">
                  {a.text}
                </Link>
              </h3>
              <p className="nhsuk-body-s">
                <ActionStatusTag status={a.status} /> {a.cohortName}, committed {formatMeetingDay(a.meetingStartsAt)}. Target date: {targetDateText(a.targetDate)}.
              </p>
              {latest ? (
                <p className="nhsuk-body-s">
                  Latest: {HISTORY_LABELS[latest.status]}
                  {latest.meetingStartsAt !== null ? ` at the meeting of ${formatMeetingDay(latest.meetingStartsAt)}` : ` between meetings, ${formatInstant(latest.reportedAt)}`}.
                </p>
              ) : null}
            </div>
          </li>
        );
      })}
    </ul>
  );
}
