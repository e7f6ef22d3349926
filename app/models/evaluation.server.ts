/**
 * The programme's evaluation: what the sets did, by footprint and month,
 * from the private records, reduced to counts that pass the disclosure rule
 * before they leave (trust.md). Used by the evaluation page and by the
 * research extract (a zip of CSV files with a data dictionary); neither
 * carries a person, a set or a meeting.
 */
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { and, asc, eq, inArray, isNotNull, lte, sql } from "drizzle-orm";
import { actionReports, actions, assessmentAnswers, assessments, cohorts, footprints, meetingAttendance, meetings, organisations, sharedItemThemes, themes } from "~db/schema";
import { disclosePercent, discloseTable, formatDisclosed, showCount, SMALL_NUMBER_THRESHOLD, type Disclosed } from "~/domain/disclosure";
import { windowStart } from "~/domain/gaps";
import { audit } from "~/models/audit.server";
import { monthsBetween } from "~/models/advisory.server";
import { db } from "~/server/context.server";
import { formatAggregate } from "~/domain/wellbeing";
import { wellbeingAggregates } from "~/models/wellbeing.server";
import { toCsv } from "~/utils/csv";
import { LONDON } from "~/utils/dates";
import { zip } from "~/server/zip.server";

export type EvaluationPeriod = { from: string; to: string }; // YYYY-MM, inclusive

/** The months a period may use (the last 36, newest first) and the period in a query string; by default the last 12 months. */
export function readEvaluationPeriod(params: URLSearchParams, now: number) {
  const current = monthOf(now);
  const months = Array.from({ length: 36 }, (_, i) => windowStart(current, i + 1));
  const offered = new Set(months);
  const to = offered.has(params.get("to") ?? "") ? params.get("to")! : months[0];
  let from = offered.has(params.get("from") ?? "") ? params.get("from")! : windowStart(months[0], 12);
  if (from > to) from = to;
  return { from, to, months };
}

const monthOf = (instant: number) => format(new TZDate(instant, LONDON), "yyyy-MM");
const monthStart = (month: string) => {
  const [y, m] = month.split("-").map(Number);
  return new TZDate(y, m - 1, 1, 0, 0, 0, LONDON).getTime();
};

type Grid = { footprints: Array<{ id: string; name: string }>; months: string[] };

/** A footprints × months count table from (footprintId, month) pairs, through `discloseTable`. */
function protectedGrid(grid: Grid, pairs: Iterable<{ footprintId: string; month: string; n?: number }>) {
  const f = new Map(grid.footprints.map((x, i) => [x.id, i]));
  const m = new Map(grid.months.map((x, i) => [x, i]));
  const counts = grid.footprints.map(() => grid.months.map(() => 0));
  const raw = { total: 0, byFootprint: grid.footprints.map(() => 0) };
  for (const p of pairs) {
    const i = f.get(p.footprintId);
    const j = m.get(p.month);
    if (i === undefined || j === undefined) continue;
    counts[i][j] += p.n ?? 1;
    raw.byFootprint[i] += p.n ?? 1;
    raw.total += p.n ?? 1;
  }
  // A table with no footprints (a new installation) has nothing to protect.
  const zero: Disclosed = { kind: "zero" };
  const table = counts.length
    ? discloseTable(counts)
    : { cells: [] as Disclosed[][], rowTotals: [] as Disclosed[], columnTotals: grid.months.map(() => zero), grandTotal: zero };
  return { table, raw };
}

/** Every figure of the evaluation, disclosed. `now` decides which meetings have been held. */
export function evaluationFigures(period: EvaluationPeriod, now: number) {
  const grid: Grid = {
    footprints: db().select({ id: footprints.id, name: footprints.name }).from(footprints).orderBy(asc(footprints.name)).all(),
    months: monthsBetween(period.from, period.to),
  };
  const fromAt = monthStart(period.from);
  const toAt = Math.min(monthStart(grid.months.length ? nextMonth(period.to) : period.to), now);

  const held = db()
    .select({ id: meetings.id, cohortId: meetings.cohortId, startsAt: meetings.startsAt, footprintId: cohorts.footprintId })
    .from(meetings)
    .innerJoin(cohorts, eq(cohorts.id, meetings.cohortId))
    .where(and(eq(meetings.status, "scheduled"), sql`${meetings.startsAt} >= ${fromAt}`, sql`${meetings.startsAt} < ${toAt}`, lte(meetings.endsAt, now)))
    .all();
  const meetingMonth = new Map(held.map((m) => [m.id, { footprintId: m.footprintId, month: monthOf(m.startsAt) }]));

  const attendance = held.length
    ? db()
        .select({ meetingId: meetingAttendance.meetingId, attended: meetingAttendance.attended })
        .from(meetingAttendance)
        .where(inArray(meetingAttendance.meetingId, [...meetingMonth.keys()]))
        .all()
    : [];

  const committed = held.length
    ? db()
        .select({ id: actions.id, meetingId: actions.meetingId, cohortId: actions.cohortId })
        .from(actions)
        .where(inArray(actions.meetingId, [...meetingMonth.keys()]))
        .all()
    : [];
  // Each action's reports at meetings (not "carried"), in order, to judge "by the next meeting" and "meetings to completion".
  const reports = committed.length
    ? db()
        .select({ actionId: actionReports.actionId, status: actionReports.status, startsAt: meetings.startsAt })
        .from(actionReports)
        .innerJoin(meetings, eq(meetings.id, actionReports.meetingId))
        .where(and(inArray(actionReports.actionId, committed.map((a) => a.id)), isNotNull(actionReports.meetingId)))
        .orderBy(asc(meetings.startsAt))
        .all()
    : [];
  const cohortMeetingTimes = new Map<string, number[]>();
  if (committed.length) {
    const cohortIds = [...new Set(committed.map((a) => a.cohortId))];
    for (const m of db()
      .select({ cohortId: meetings.cohortId, startsAt: meetings.startsAt })
      .from(meetings)
      .where(and(inArray(meetings.cohortId, cohortIds), eq(meetings.status, "scheduled")))
      .orderBy(asc(meetings.startsAt))
      .all()) {
      cohortMeetingTimes.set(m.cohortId, [...(cohortMeetingTimes.get(m.cohortId) ?? []), m.startsAt]);
    }
  }
  const byAction = new Map<string, typeof reports>();
  for (const r of reports) byAction.set(r.actionId, [...(byAction.get(r.actionId) ?? []), r]);
  const startOf = new Map(held.map((m) => [m.id, m.startsAt]));

  const nextMeetingDone: Array<{ footprintId: string; month: string }> = [];
  const toCompletion = new Map<string, number[]>(); // footprint → meetings to completion of each done action
  for (const a of committed) {
    const where = meetingMonth.get(a.meetingId)!;
    const own = (byAction.get(a.id) ?? []).filter((r) => r.status !== "carried");
    const committedAt = startOf.get(a.meetingId)!;
    const times = cohortMeetingTimes.get(a.cohortId) ?? [];
    const next = times.find((t) => t > committedAt);
    const first = own[0];
    if (first && next !== undefined && first.startsAt === next && (first.status === "done" || first.status === "partly")) nextMeetingDone.push(where);
    const done = own.find((r) => r.status === "done");
    if (done) {
      const meetingsTaken = times.filter((t) => t > committedAt && t <= done.startsAt).length;
      toCompletion.set(where.footprintId, [...(toCompletion.get(where.footprintId) ?? []), meetingsTaken]);
    }
  }

  const meetingsHeld = protectedGrid(grid, meetingMonth.values());
  const recorded = protectedGrid(
    grid,
    attendance.map((r) => meetingMonth.get(r.meetingId)!),
  );
  const attended = protectedGrid(
    grid,
    attendance.filter((r) => r.attended).map((r) => meetingMonth.get(r.meetingId)!),
  );
  const actionsCommitted = protectedGrid(
    grid,
    committed.map((a) => meetingMonth.get(a.meetingId)!),
  );
  const doneByNext = protectedGrid(grid, nextMeetingDone);

  const perFootprint = grid.footprints.map((f, i) => {
    const taken = (toCompletion.get(f.id) ?? []).sort((x, y) => x - y);
    return {
      footprint: f.name,
      meetingsHeld: formatDisclosed(meetingsHeld.table.rowTotals[i]),
      attendanceRate: rate(attended.table.rowTotals[i], recorded.table.rowTotals[i]),
      actionsCommitted: formatDisclosed(actionsCommitted.table.rowTotals[i]),
      doneOrPartlyByNextMeeting: rate(doneByNext.table.rowTotals[i], actionsCommitted.table.rowTotals[i]),
      // A median is shown only when at least 8 actions were completed: fewer could describe a person.
      medianMeetingsToCompletion: taken.length >= SMALL_NUMBER_THRESHOLD ? String(median(taken)) : "not enough data",
    };
  });
  const allTaken = [...toCompletion.values()].flat().sort((x, y) => x - y);
  const totals = {
    footprint: "All footprints",
    meetingsHeld: formatDisclosed(meetingsHeld.table.grandTotal),
    attendanceRate: rate(attended.table.grandTotal, recorded.table.grandTotal),
    actionsCommitted: formatDisclosed(actionsCommitted.table.grandTotal),
    doneOrPartlyByNextMeeting: rate(doneByNext.table.grandTotal, actionsCommitted.table.grandTotal),
    medianMeetingsToCompletion: allTaken.length >= SMALL_NUMBER_THRESHOLD ? String(median(allTaken)) : "not enough data",
  };

  const byMonth = grid.months.map((month, j) => ({
    month,
    meetingsHeld: formatDisclosed(meetingsHeld.table.columnTotals[j]),
    actionsCommitted: formatDisclosed(actionsCommitted.table.columnTotals[j]),
    attendanceRate: rate(attended.table.columnTotals[j], recorded.table.columnTotals[j]),
  }));

  // Themes over time: one protected themes × months table.
  const allThemes = db().select({ id: themes.id, name: themes.name }).from(themes).orderBy(asc(themes.createdAt), asc(themes.id)).all();
  const themeRows = db()
    .select({ themeId: sharedItemThemes.themeId, month: sharedItemThemes.month, n: sql<number>`count(*)` })
    .from(sharedItemThemes)
    .where(sql`${sharedItemThemes.month} between ${period.from} and ${period.to}`)
    .groupBy(sharedItemThemes.themeId, sharedItemThemes.month)
    .all();
  const themeCounts = allThemes.map((t) => grid.months.map((m) => themeRows.find((r) => r.themeId === t.id && r.month === m)?.n ?? 0));
  const themeTable = discloseTable(themeCounts);
  const themesOverTime = allThemes
    .map((t, i) => ({ themeId: t.id, theme: t.name, months: themeTable.cells[i].map(formatDisclosed), total: formatDisclosed(themeTable.rowTotals[i]) }))
    .filter((t) => t.total !== "0");

  // Self-assessment progress: organisations by footprint with a submitted assessment, and the levels of their latest.
  const submitted = db()
    .select({ organisationId: assessments.organisationId, footprintId: organisations.footprintId, id: assessments.id, submittedAt: assessments.submittedAt })
    .from(assessments)
    .innerJoin(organisations, eq(organisations.id, assessments.organisationId))
    .where(and(eq(assessments.status, "submitted"), sql`${assessments.submittedAt} < ${toAt}`))
    .orderBy(asc(assessments.submittedAt))
    .all();
  const latest = new Map<string, (typeof submitted)[number]>();
  for (const s of submitted) latest.set(s.organisationId, s);
  const latestIds = [...latest.values()].map((s) => s.id);
  const levels = latestIds.length
    ? db()
        .select({ assessmentId: assessmentAnswers.assessmentId, level: assessmentAnswers.level })
        .from(assessmentAnswers)
        .where(inArray(assessmentAnswers.assessmentId, latestIds))
        .all()
    : [];
  const footprintOfAssessment = new Map([...latest.values()].map((s) => [s.id, s.footprintId]));
  const alignment = grid.footprints.map((f) => {
    const mine = levels.filter((l) => footprintOfAssessment.get(l.assessmentId) === f.id);
    return {
      footprint: f.name,
      organisationsAssessed: showCount([...latest.values()].filter((s) => s.footprintId === f.id).length),
      fully: showCount(mine.filter((l) => l.level === "fully").length),
      partly: showCount(mine.filter((l) => l.level === "partly").length),
      notInPlace: showCount(mine.filter((l) => l.level === "not_in_place").length),
    };
  });

  // The wellbeing check: by footprint and quarter, already disclosure-controlled (no person leaves).
  const footprintName = new Map(grid.footprints.map((x) => [x.id, x.name]));
  const wellbeing = wellbeingAggregates({ from: fromAt, to: toAt }).map((a) => {
    const shown = formatAggregate(a);
    return {
      footprint: footprintName.get(a.footprintId) ?? "",
      quarter: shown.quarter,
      people: shown.people,
      answers: shown.answers,
      arrivalMedian: shown.arrivalMedian,
      phq4People: shown.phq4People,
      phq4Positive: shown.phq4Positive,
    };
  });

  return {
    period,
    months: grid.months,
    wellbeing,
    footprints: perFootprint,
    totals,
    byMonth,
    themesOverTime,
    alignment,
    cells: grid.footprints.flatMap((f, i) =>
      grid.months.map((month, j) => ({
        footprint: f.name,
        month,
        meetingsHeld: formatDisclosed(meetingsHeld.table.cells[i][j]),
        attendanceRecorded: formatDisclosed(recorded.table.cells[i][j]),
        attended: formatDisclosed(attended.table.cells[i][j]),
        actionsCommitted: formatDisclosed(actionsCommitted.table.cells[i][j]),
        doneOrPartlyByNextMeeting: formatDisclosed(doneByNext.table.cells[i][j]),
      })),
    ),
  };
}

function nextMonth(month: string) {
  const [y, m] = month.split("-").map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, "0")}`;
}

function median(sorted: number[]) {
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A percentage from two disclosed figures, or "not enough data". */
function rate(part: Disclosed, whole: Disclosed) {
  return disclosePercent(part, whole) ?? "not enough data";
}

const DICTIONARY: Array<[file: string, column: string, meaning: string]> = [
  ["footprint_month.csv", "footprint", "ICS/STP footprint"],
  ["footprint_month.csv", "month", "Calendar month (YYYY-MM, UK time) of the meetings"],
  ["footprint_month.csv", "meetings_held", "Meetings held (not cancelled, finished)"],
  ["footprint_month.csv", "attendance_recorded", "Member places for which a facilitator recorded attendance"],
  ["footprint_month.csv", "attended", "Of those, places where the member attended"],
  ["footprint_month.csv", "actions_committed", "Actions committed at those meetings"],
  ["footprint_month.csv", "done_or_partly_by_next_meeting", "Of those, actions reported done or partly done at the set's next meeting"],
  ["footprint_summary.csv", "attendance_rate", "attended / attendance_recorded over the period, from the disclosed figures"],
  ["footprint_summary.csv", "done_or_partly_by_next_meeting_rate", "done_or_partly_by_next_meeting / actions_committed, from the disclosed figures"],
  ["footprint_summary.csv", "median_meetings_to_completion", "Median number of the set's meetings from commitment to the meeting it was reported done; shown only when at least 8 actions were done"],
  ["themes_month.csv", "theme_id", "Codebook theme id (stable)"],
  ["themes_month.csv", "shared_items", "De-identified items shared beyond sets carrying the theme, by month"],
  ["alignment_footprint.csv", "organisations_assessed", "Organisations with a submitted self-assessment (their latest)"],
  ["alignment_footprint.csv", "fully / partly / not_in_place", "Answers at each level across those latest assessments"],
  ["wellbeing_footprint_quarter.csv", "quarter", "Calendar quarter of the answers (YYYY-Qn)"],
  ["wellbeing_footprint_quarter.csv", "people / answers", "People who answered the wellbeing check, and their answers"],
  ["wellbeing_footprint_quarter.csv", "arrival_median", "Median of each person's median \"how are you arriving today\" score (0-10); only with at least 8 people"],
  ["wellbeing_footprint_quarter.csv", "phq4_people / phq4_subscore_3_or_more", "People who answered the PHQ-4, and of them those whose latest answer had an anxiety or depression sub-score of 3 or more; only with at least 8"],
];

const README = (period: EvaluationPeriod, createdAt: number) => `CLN Digital Action Learning Sets: research extract
Period: ${period.from} to ${period.to} (months, UK time). Made: ${format(new TZDate(createdAt, LONDON), "d MMMM yyyy, HH:mm")}.

No person, set (cohort) or meeting identifiers are included. Every count has
passed NHS Digital-style disclosure control: 0 is 0, 1 to 7 is shown as "<8",
other counts are rounded to the nearest 5; "[c]" is a figure withheld so that a
small figure elsewhere in its table cannot be worked out. Each table of
footprints by months was protected as a whole, with its totals. Percentages
are from the rounded figures. See data_dictionary.csv for every column.
`;

/** The research extract: a zip of disclosure-controlled CSV files with a data dictionary. Audited. */
export function researchExtract(period: EvaluationPeriod, actor: { id: string | null; ip?: string | null; via: "page" | "command line" }, now = Date.now()) {
  const f = evaluationFigures(period, now);
  const files = [
    { name: "README.txt", content: README(period, now) },
    {
      name: "footprint_month.csv",
      content: toCsv(
        ["footprint", "month", "meetings_held", "attendance_recorded", "attended", "actions_committed", "done_or_partly_by_next_meeting"],
        f.cells.map((c) => [c.footprint, c.month, c.meetingsHeld, c.attendanceRecorded, c.attended, c.actionsCommitted, c.doneOrPartlyByNextMeeting]),
      ),
    },
    {
      name: "footprint_summary.csv",
      content: toCsv(
        ["footprint", "meetings_held", "attendance_rate", "actions_committed", "done_or_partly_by_next_meeting_rate", "median_meetings_to_completion"],
        [...f.footprints, f.totals].map((r) => [r.footprint, r.meetingsHeld, r.attendanceRate, r.actionsCommitted, r.doneOrPartlyByNextMeeting, r.medianMeetingsToCompletion]),
      ),
    },
    {
      name: "themes_month.csv",
      content: toCsv(
        ["theme_id", "theme", "month", "shared_items"],
        f.themesOverTime.flatMap((t) => f.months.map((m, j) => [t.themeId, t.theme, m, t.months[j]])),
      ),
    },
    {
      name: "alignment_footprint.csv",
      content: toCsv(
        ["footprint", "organisations_assessed", "fully", "partly", "not_in_place"],
        f.alignment.map((a) => [a.footprint, a.organisationsAssessed, a.fully, a.partly, a.notInPlace]),
      ),
    },
    {
      name: "wellbeing_footprint_quarter.csv",
      content: toCsv(
        ["footprint", "quarter", "people", "answers", "arrival_median", "phq4_people", "phq4_subscore_3_or_more"],
        f.wellbeing.map((w) => [w.footprint, w.quarter, w.people, w.answers, w.arrivalMedian, w.phq4People, w.phq4Positive]),
      ),
    },
    { name: "data_dictionary.csv", content: toCsv(["file", "column", "meaning"], DICTIONARY) },
  ];
  audit({ actorId: actor.id, action: "evaluation_extract_exported", detail: { from: period.from, to: period.to, via: actor.via }, ip: actor.ip ?? null });
  return zip(files, new Date(now));
}
