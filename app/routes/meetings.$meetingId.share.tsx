import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { SHARE_KIND_LABELS } from "~/components/actions";
import { CheckboxesField, RadiosField, SubmitButton, SuccessBanner, TextareaField, ValidatedForm } from "~/components/form";
import { meetingRole } from "~/models/meetings.server";
import { getSettings } from "~/models/settings.server";
import { activeThemes } from "~/models/themes.server";
import { decideShare, reviewItems, type ReviewItem } from "~/models/sharing.server";
import { ShareDecisionSchema } from "~/schemas/actions";
import { forbidden, requireUser } from "~/server/guards.server";
import { fieldError, formError, invalid, readFormData } from "~/server/request.server";
import { formatInstant, formatMeetingDay } from "~/utils/dates";
import { validateForm } from "~/utils/forms";

export const meta: MetaFunction = () => [{ title: "Share beyond the set - CLN Action Learning Sets" }];

async function guard(request: Request, meetingId: string) {
  const user = await requireUser(request);
  // The set's facilitators only: admins and members never see this review.
  if (meetingRole(user, meetingId) !== "facilitator") throw forbidden();
  return user;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const meetingId = params.meetingId ?? "";
  await guard(request, meetingId);
  const { shareNoticeDays } = getSettings();
  const review = reviewItems(meetingId, Date.now(), shareNoticeDays);
  if (!review) throw forbidden();
  return json({ ...review, noticeDays: shareNoticeDays, themes: activeThemes().map((t) => ({ id: t.id, name: t.name })) });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const meetingId = params.meetingId ?? "";
  const user = await guard(request, meetingId);
  const result = validateForm(ShareDecisionSchema, await readFormData(request));
  if (!result.ok) return invalid(result);
  const outcome = decideShare({ meetingId, ...result.data, actor: { id: user.id, ip: context.ip }, now: Date.now(), noticeDays: getSettings().shareNoticeDays });
  if (!outcome.ok) return outcome.field === "form" ? formError(outcome.message, result.values, 409) : fieldError(outcome.field, outcome.message, result.values);
  return redirect(`/meetings/${meetingId}/share?notice=${result.data.decision}`);
}

const itemKey = (i: { kind: string; actionId: string; reportId?: string | null }) => `${i.kind}:${i.actionId}:${i.reportId ?? ""}`;

const STATUS_TEXT = {
  kept: "Kept in the set",
  proposed: "Proposed: waiting for the owner",
  withdrawn: "Withdrawn by the owner",
  shared: "Shared beyond the set",
} as const;

export default function ShareReview() {
  const { meeting, items, noticeDays, themes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const notice = params.get("notice");
  const answeredKey = result?.values ? itemKey({ kind: String(result.values.kind), actionId: String(result.values.actionId), reportId: String(result.values.reportId ?? "") }) : null;
  const decided = items.filter((i) => i.proposal).length;
  return (
    <>
      <Link to={`/meetings/${meeting.id}`} className="nhsuk-back-link">
        Back to the meeting
      </Link>
      {notice === "share" ? (
        <SuccessBanner>Saved. The owner can see what is proposed and has {noticeDays} days to withdraw it before it is shared.</SuccessBanner>
      ) : notice === "keep" ? (
        <SuccessBanner>Saved. That item stays in the set.</SuccessBanner>
      ) : null}
      <span className="nhsuk-caption-l">
        {meeting.cohortName}, {formatMeetingDay(meeting.startsAt)}
      </span>
      <h1>Share beyond the set</h1>
      <p>
        The programme learns from what sets work on, but only from text with nobody in it. For each action and report-back from this meeting, check the
        de-identified version, change it further if anything could still point to a person, a team or a place, and choose to share it or keep it in the set.
      </p>
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>
          Names of this set's members and facilitators, email addresses, phone numbers, NHS numbers and postcodes are taken out for you. Other details (a ward
          name, a rare job title, a colleague who is not in the set) are not: read each one. The owner sees what you propose and can withdraw it within{" "}
          {noticeDays} days; after that it is shared with the advisory group without their name, set or meeting.
        </p>
      </div>
      {!meeting.over ? (
        <p>This meeting is not over yet. Come back when it has ended.</p>
      ) : items.length === 0 ? (
        <p>No actions were committed and no report-backs were given at this meeting, so there is nothing to review.</p>
      ) : (
        <>
          <p>
            {decided} of {items.length} decided.
          </p>
          {items.map((item, index) => (
            <ItemReview key={itemKey(item)} item={item} index={index} themes={themes} result={answeredKey === itemKey(item) ? result : undefined} />
          ))}
        </>
      )}
    </>
  );
}

function ItemReview({
  item,
  index,
  themes,
  result,
}: {
  item: ReviewItem;
  index: number;
  themes: Array<{ id: string; name: string }>;
  result: ReturnType<typeof useActionData<typeof action>> | undefined;
}) {
  const chosen = item.proposal ? item.proposal.themeIds : item.tags.map((t) => t.themeId);
  const why = item.tags.map((t) => `${themes.find((x) => x.id === t.themeId)?.name ?? t.themeId} (because of: ${t.triggers.map((w) => `"${w}"`).join(", ")})`);
  const headingId = `item-${index}-heading`;
  const withdrawn = item.proposal?.status === "withdrawn";
  return (
    <section className="nhsuk-card" aria-labelledby={headingId} id={`item-${index}`}>
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading nhsuk-heading-m" id={headingId}>
          {SHARE_KIND_LABELS[item.kind]}, from {item.ownerName}
        </h2>
        {item.proposal ? (
          <p>
            <strong className="nhsuk-tag nhsuk-tag--grey">{STATUS_TEXT[item.proposal.status]}</strong>
            {item.proposal.sharesOn ? ` Shared on ${formatInstant(item.proposal.sharesOn)} unless the owner withdraws it.` : ""}
          </p>
        ) : null}
        <div className="app-share-compare">
          <div>
            <h3 className="nhsuk-heading-s">As written in the set</h3>
            <p className="app-share-original">{item.original}</p>
          </div>
          <div>
            {withdrawn ? (
              <p>The owner withdrew this item, so it stays in the set.</p>
            ) : (
              <ValidatedForm schema={ShareDecisionSchema} result={result} idPrefix={`item-${index}-`} errorTitle="This item was not saved">
                <input type="hidden" name="kind" value={item.kind} />
                <input type="hidden" name="actionId" value={item.actionId} />
                {item.reportId ? <input type="hidden" name="reportId" value={item.reportId} /> : null}
                <TextareaField
                  name="text"
                  label="De-identified text to share"
                  hint="Change anything that could still point to someone."
                  defaultValue={item.proposal?.decision === "share" ? item.proposal.text : item.suggested}
                  rows={4}
                />
                <p className="nhsuk-body-s">
                  <strong>Themes:</strong> {chosen.length ? chosen.map((id) => themes.find((t) => t.id === id)?.name ?? id).join(", ") : "none"}.{" "}
                  {why.length ? `Suggested: ${why.join("; ")}.` : "No theme was suggested."}
                </p>
                {/* 21 boxes are a lot on a phone: folded away until wanted (they are sent either way). */}
                <details className="nhsuk-details" open={Boolean(result?.errors && "themeIds" in result.errors)}>
                  <summary className="nhsuk-details__summary">
                    <span className="nhsuk-details__summary-text">Change the themes</span>
                  </summary>
                  <div className="nhsuk-details__text">
                    <CheckboxesField
                      name="themeIds"
                      legend="Themes"
                      hint="Add or remove themes: your choice is kept and goes with the item."
                      options={themes.map((t) => ({ value: t.id, label: t.name }))}
                      defaultValue={chosen}
                    />
                  </div>
                </details>
                <RadiosField
                  name="decision"
                  legend="Share this beyond the set?"
                  defaultValue={item.proposal?.decision}
                  options={[
                    { value: "share", label: "Share it, de-identified" },
                    { value: "keep", label: "Keep it in the set" },
                  ]}
                />
                <SubmitButton>Save decision</SubmitButton>
              </ValidatedForm>
            )}
          </div>
        </div>
      </div>
    </section>
  );
}
