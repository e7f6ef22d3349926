import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { RadiosField, SelectField, SubmitButton, TextField, ValidatedForm } from "~/components/form";
import { TableWrap } from "~/components/table-wrap";
import type { SeriesPlan } from "~/domain/recurrence";
import { cohortForScheduling, previewSeries, scheduleSeries } from "~/models/meetings.server";
import { minutesBetween, ScheduleSeriesSchema } from "~/schemas/meetings";
import { forbidden, requireUser } from "~/server/guards.server";
import { formError, invalid, readFormData } from "~/server/request.server";
import { formatDay, formatLongDay, formatTimeRange } from "~/utils/dates";
import { validateForm } from "~/utils/forms";
import type { z } from "zod";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Schedule meetings for ${data?.cohort.name ?? "a cohort"} - CLN Action Learning Sets` },
];

async function guard(request: Request, cohortId: string) {
  const user = await requireUser(request);
  const cohort = cohortForScheduling(user, cohortId);
  if (!cohort) throw forbidden();
  return { user, cohort };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { cohort } = await guard(request, params.cohortId ?? "");
  return json({ cohort: { id: cohort.id, name: cohort.name, termStart: cohort.termStart, termEnd: cohort.termEnd, archived: Boolean(cohort.archivedAt) } });
}

function toPlan(data: z.output<typeof ScheduleSeriesSchema>): SeriesPlan {
  return {
    rule:
      data.pattern === "monthly"
        ? { kind: "monthly", nth: Number(data.nth) as 1 | 2 | 3 | 4 | 5 | -1, weekday: Number(data.weekday) as 0 | 1 | 2 | 3 | 4 | 5 | 6 }
        : { kind: "weekly", intervalWeeks: data.intervalWeeks! },
    firstDate: data.firstDate,
    startTime: data.startTime,
    durationMinutes: minutesBetween(data.startTime, data.endTime),
    until: data.until === "count" ? { kind: "count", count: Number(data.count) } : { kind: "termEnd" },
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, cohort } = await guard(request, params.cohortId ?? "");
  const formData = await readFormData(request);
  const intent = formData.get("intent");
  const result = validateForm(ScheduleSeriesSchema, formData);
  if (!result.ok) return invalid(result);
  if (cohort.archivedAt) return formError("This cohort is archived, so no meetings can be scheduled", result.values, 409);
  const plan = toPlan(result.data);
  const now = Date.now();
  const preview = previewSeries(cohort, plan, now);
  if (preview.problems.length) {
    const errors = Object.fromEntries(
      preview.problems.map((p) => [p.field === "durationMinutes" ? "endTime" : p.field === "rule" ? "pattern" : p.field === "until" ? "until" : p.field, p.message]),
    );
    return json({ ok: false as const, errors, formError: undefined, values: result.values }, { status: 400 });
  }
  if (intent === "confirm") {
    const choices = Object.fromEntries(result.data.choices.map((c) => c.split(":") as [string, "move" | "skip"]));
    const outcome = scheduleSeries({ cohort, plan, videoUrl: result.data.videoUrl, choices, actor: { id: user.id, roles: user.roles, ip: context.ip }, now });
    if (outcome.ok) return redirect(`/cohorts/${cohort.id}?notice=scheduled&count=${outcome.count}`);
    if ("needsChoices" in outcome) {
      return json(
        { ok: false as const, errors: { choices: "Choose whether to move or skip each meeting that falls on a bank holiday" }, formError: undefined, values: result.values, preview: previewView(preview) },
        { status: 400 },
      );
    }
    return formError("The meetings could not be scheduled. Check the details and try again.", result.values);
  }
  return json({ ok: true as const, values: result.values, preview: previewView(preview) });
}

function previewView(p: ReturnType<typeof previewSeries>) {
  return {
    occurrences: p.occurrences.map((o) => ({ date: o.date, startsAt: o.startsAt, endsAt: o.endsAt, bankHoliday: o.bankHoliday })),
    skippedMonths: p.skippedMonths,
    clashes: p.clashes,
  };
}

const WEEKDAYS = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

export default function ScheduleSeries() {
  const { cohort } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const preview = result && "preview" in result ? result.preview : null;
  if (cohort.archived) {
    return (
      <>
        <h1>{cohort.name} is archived</h1>
        <p>Archived cohorts cannot have new meetings.</p>
      </>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <Link to={`/cohorts/${cohort.id}`} className="nhsuk-back-link">
          Back to {cohort.name}
        </Link>
        <h1>Schedule meetings for {cohort.name}</h1>
        <p>
          The programme term runs from {formatDay(cohort.termStart)} to {formatDay(cohort.termEnd)}. Times are UK time and
          stay the same when the clocks change.
        </p>
        <ValidatedForm schema={ScheduleSeriesSchema} result={result}>
          <RadiosField
            name="pattern"
            legend="How often does the set meet?"
            defaultValue="monthly"
            options={[
              { value: "monthly", label: "On the same day each month", hint: "For example, the second Tuesday of each month" },
              { value: "weekly", label: "Every few weeks", hint: "For example, every 4 weeks from the first meeting" },
            ]}
          />
          <SelectField
            name="nth"
            label="Which week of the month (for monthly meetings)"
            defaultValue="2"
            placeholder={null}
            options={[
              { value: "1", label: "First" },
              { value: "2", label: "Second" },
              { value: "3", label: "Third" },
              { value: "4", label: "Fourth" },
              { value: "5", label: "Fifth (months without one are skipped)" },
              { value: "-1", label: "Last" },
            ]}
          />
          <SelectField name="weekday" label="Day of the week (for monthly meetings)" defaultValue="2" placeholder={null} options={WEEKDAYS.map((d, i) => ({ value: String(i), label: d }))} />
          <TextField name="intervalWeeks" label="How many weeks apart (for meetings every few weeks)" inputMode="numeric" width={2} defaultValue="4" />
          <TextField name="firstDate" label="Date of the first meeting" type="date" hint="No meeting is set before this date. For meetings every few weeks, this is the first meeting." />
          <TextField name="startTime" label="Start time" hint="24-hour clock, for example 14:00" width={5} defaultValue="14:00" />
          <TextField name="endTime" label="End time" hint="For example 16:00. Between 30 minutes and 8 hours after the start." width={5} defaultValue="16:00" />
          <RadiosField
            name="until"
            legend="When do the meetings stop?"
            defaultValue="termEnd"
            options={[
              { value: "termEnd", label: `At the end of the term (${formatDay(cohort.termEnd)})` },
              { value: "count", label: "After a number of meetings" },
            ]}
          />
          <TextField name="count" label="Number of meetings (if stopping after a number)" inputMode="numeric" width={2} />
          <TextField name="videoUrl" label="Video link" type="url" hint="The Teams or Zoom link for the meetings, starting with https://" spellCheck={false} />

          {preview ? <Preview preview={preview} chosen={result?.values?.choices} /> : null}

          <div className="nhsuk-u-margin-top-4">
            <SubmitButton intent="preview" secondary={Boolean(preview)} busyText="Working out the dates…">
              {preview ? "Update the dates" : "Preview the dates"}
            </SubmitButton>{" "}
            {preview && preview.occurrences.length > 0 ? (
              <SubmitButton intent="confirm" busyText="Scheduling…">
                Schedule these meetings
              </SubmitButton>
            ) : null}
          </div>
        </ValidatedForm>
      </div>
    </div>
  );
}

type PreviewData = NonNullable<Extract<ReturnType<typeof useActionData<typeof action>>, { preview: unknown }>["preview"]>;

function Preview({ preview, chosen }: { preview: PreviewData; chosen?: string | string[] }) {
  const kept = Array.isArray(chosen) ? chosen : chosen ? [chosen] : [];
  const holidays = preview.occurrences.filter((o) => o.bankHoliday);
  return (
    <section aria-labelledby="preview-heading" className="nhsuk-u-margin-top-6">
      <h2 id="preview-heading">{preview.occurrences.length} meetings</h2>
      {preview.skippedMonths.length ? (
        <p>These months have no such day, so they have no meeting: {preview.skippedMonths.join(", ")}.</p>
      ) : null}
      {preview.clashes.length ? (
        <div className="nhsuk-warning-callout">
          <h3 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>Double booking
            </span>
          </h3>
          <ul>
            {preview.clashes.map((c) => (
              <li key={`${c.date}-${c.cohortName}`}>
                {formatLongDay(c.date)}: {c.facilitatorName} is also facilitating {c.cohortName} at that time.
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <TableWrap label="Meeting dates">
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Meeting dates</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">Date</th>
              <th scope="col" className="nhsuk-table__header">Time</th>
              <th scope="col" className="nhsuk-table__header">Note</th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {preview.occurrences.map((o) => (
              <tr className="nhsuk-table__row" key={o.date}>
                <td className="nhsuk-table__cell">{formatLongDay(o.date)}</td>
                <td className="nhsuk-table__cell app-nowrap">{formatTimeRange(o.startsAt, o.endsAt)}</td>
                <td className="nhsuk-table__cell">{o.bankHoliday ? `Bank holiday: ${o.bankHoliday}` : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {holidays.length ? (
        <>
          <h3>Meetings on bank holidays</h3>
          {holidays.map((o, i) => (
            <SelectField
              key={o.date}
              name="choices"
              id={i === 0 ? "choices" : `choices-${o.date}`}
              defaultValue={kept.find((c) => c.startsWith(`${o.date}:`))}
              label={`${formatLongDay(o.date)} is ${o.bankHoliday}`}
              placeholder="Choose what to do"
              options={[
                { value: `${o.date}:move`, label: "Move it to the next working day" },
                { value: `${o.date}:skip`, label: "Skip this meeting" },
              ]}
            />
          ))}
        </>
      ) : null}
    </section>
  );
}
