import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { SummaryList } from "nhsuk-react-components";
import { z } from "zod";
import { SubmitButton, SuccessBanner, ValidatedForm } from "~/components/form";
import { ROLE_LABELS } from "~/domain/labels";
import { existingFeedToken, feedTokenFor, resetFeedToken } from "~/models/calendar.server";
import { env } from "~/server/context.server";
import { requireUser } from "~/server/guards.server";
import { formError, invalid, readFormData } from "~/server/request.server";
import { validateForm } from "~/utils/forms";

/** The one-button forms here send nothing but their intent. */
const NoFields = z.strictObject({});

export const meta: MetaFunction = () => [{ title: "Your account - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { allowMissingTwoFactor: true });
  return json({
    name: user.name,
    email: user.email,
    roles: user.roles.map((r) => ROLE_LABELS[r]),
    hasTotp: user.hasTotp,
    // GET changes nothing: the link is made when the person asks for it.
    calendarUrl: feedUrl(existingFeedToken(user.id)),
  });
}

function feedUrl(token: string | null) {
  return token ? `${env().APP_ORIGIN.replace(/\/+$/, "")}/calendar/${token}/meetings.ics` : null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { allowMissingTwoFactor: true });
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  if (intent !== "reset-calendar" && intent !== "create-calendar") return formError("This form was not recognised. Reload the page and try again.");
  const result = validateForm(NoFields, formData);
  if (!result.ok) return invalid(result);
  if (intent === "create-calendar") {
    feedTokenFor(user.id);
    return redirect("/account#calendar-heading");
  }
  resetFeedToken(user.id, context.ip);
  return redirect("/account?notice=calendar-reset");
}

export default function Account() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <>
      {params.get("notice") === "two-factor-on" ? <SuccessBanner>Two-factor sign-in is now on.</SuccessBanner> : null}
      {params.get("notice") === "calendar-reset" ? (
        <SuccessBanner>
          Your calendar link has been reset. The old link no longer works: subscribe again with the new link below.
        </SuccessBanner>
      ) : null}
      <h1>Your account</h1>
      <SummaryList>
        <SummaryList.Row>
          <SummaryList.Key>Name</SummaryList.Key>
          <SummaryList.Value>{data.name}</SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Email address</SummaryList.Key>
          <SummaryList.Value>{data.email}</SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Roles</SummaryList.Key>
          <SummaryList.Value>{data.roles.join(", ") || "None yet"}</SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Two-factor sign-in</SummaryList.Key>
          <SummaryList.Value>{data.hasTotp ? "On" : "Off"}</SummaryList.Value>
          {data.hasTotp ? null : (
            <SummaryList.Action href="/account/two-factor" visuallyHiddenText="two-factor sign-in">
              Set up
            </SummaryList.Action>
          )}
        </SummaryList.Row>
      </SummaryList>
      <p>
        To change your password, <Link to="/forgot-password">ask for a reset link</Link>. Your name and email are kept by your CLN admin.
      </p>
      <CalendarSubscription url={data.calendarUrl} result={result} />
      <section aria-labelledby="your-data-heading">
        <h2 id="your-data-heading">Your data</h2>
        <p>
          Download a copy of everything this service holds about you: your details, your sets and meetings, your actions
          and report-backs, your bids, and a record of your sign-ins. It does not include anything other people said.
          Keep the file somewhere safe: it holds what you shared in your set.
        </p>
        <p>
          {/* A plain link: the browser saves the file the route sends as an attachment. */}
          <a href="/account/data.json" download>
            Download all your data (JSON)
          </a>
        </p>
      </section>
    </>
  );
}

function CalendarSubscription({ url, result }: { url: string | null; result: Parameters<typeof ValidatedForm>[0]["result"] }) {
  if (!url) {
    return (
      <section aria-labelledby="calendar-heading">
        <h2 id="calendar-heading">Calendar subscription</h2>
        <p>
          Get a private link to subscribe to in Outlook (NHSmail) or any calendar, so your action learning set meetings
          appear there and stay up to date.
        </p>
        <ValidatedForm schema={NoFields} result={result}>
          <SubmitButton intent="create-calendar" secondary busyText="Creating…">
            Create my calendar link
          </SubmitButton>
        </ValidatedForm>
      </section>
    );
  }
  return (
    <section aria-labelledby="calendar-heading">
      <h2 id="calendar-heading">Calendar subscription</h2>
      <p>
        Subscribe to this link in your calendar to see your action learning set meetings there. Changes and
        cancellations then appear on their own, though your calendar may take several hours to check for them. The
        meeting page always has the latest details.
      </p>
      <p>In Outlook on the web (NHSmail):</p>
      <ol className="nhsuk-list nhsuk-list--number">
        <li>Open your calendar and select Add calendar.</li>
        <li>Select Subscribe from web.</li>
        <li>Paste the link below, give the calendar a name, and select Import.</li>
      </ol>
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="calendar-url">
          Your private calendar link
        </label>
        <div className="nhsuk-hint" id="calendar-url-hint">
          Select the link and copy it.
        </div>
        <input
          className="nhsuk-input"
          id="calendar-url"
          type="text"
          readOnly
          value={url}
          spellCheck={false}
          autoComplete="off"
          aria-describedby="calendar-url-hint"
          onFocus={(event) => event.currentTarget.select()}
        />
      </div>
      <div className="nhsuk-warning-callout">
        <h3 className="nhsuk-warning-callout__label">
          <span role="text">
            <span className="nhsuk-u-visually-hidden">Important: </span>
            Keep this link private
          </span>
        </h3>
        <p>
          Anyone with this link can see the times and video links of your meetings, without signing in. Do not share it.
          If you think someone else has it, reset it: the old link stops working and you subscribe again with the new one.
        </p>
      </div>
      <ValidatedForm schema={NoFields} result={result}>
        <SubmitButton intent="reset-calendar" secondary busyText="Resetting…">
          Reset my calendar link
        </SubmitButton>
      </ValidatedForm>
    </section>
  );
}
