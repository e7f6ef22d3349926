/**
 * The Call to Action's recommendations for good practice (Appendix 1 of the
 * programme paper), as the project's own data: 5 for NHS organisations and 12
 * for managers and team leaders, each placed in one area of the framework and
 * linked to the codebook themes it speaks to. Ids never change: assessments
 * store them.
 *
 * Pure helpers for the self-assessment: what is missing before submitting,
 * what moved between two submitted assessments, and when a recommendation is
 * weak across a footprint.
 */
import type { AlignmentLevel, ThemeArea } from "~db/enums";

export type Audience = "organisation" | "manager";

export type Recommendation = {
  id: string;
  audience: Audience;
  /** Its number in the paper, within its audience. */
  number: number;
  title: string;
  text: string;
  area: ThemeArea;
  themeIds: readonly string[];
};

export const AUDIENCE_LABELS: Record<Audience, string> = {
  organisation: "NHS organisations",
  manager: "Managers and team leaders",
};

export const AREA_LABELS: Record<ThemeArea, string> = {
  prioritise_identify: "Prioritise and identify",
  capacity_collaboration: "Capacity and collaboration",
  leadership_culture: "Leadership and culture",
};

export const LEVEL_LABELS: Record<AlignmentLevel, string> = {
  not_in_place: "Not in place",
  partly: "Partly in place",
  fully: "Fully in place",
};

export const RECOMMENDATIONS: readonly Recommendation[] = [
  {
    id: "org-1",
    audience: "organisation",
    number: 1,
    title: "Trust board leadership and sponsorship",
    text: "Senior Trust board leadership and sponsorship to galvanise resources to support mental health and psychological wellbeing of healthcare staff.",
    area: "prioritise_identify",
    themeIds: ["wellbeing-strategy-and-governance"],
  },
  {
    id: "org-2",
    audience: "organisation",
    number: 2,
    title: "Regional and local partnerships",
    text: "Collective senior leadership from NHS organisations to create regional/local partnerships including with charitable organisations and professional bodies to provide a coordinated approach to mental health and wellbeing of healthcare staff.",
    area: "capacity_collaboration",
    themeIds: ["wellbeing-strategy-and-governance", "psychological-support-access"],
  },
  {
    id: "org-3",
    audience: "organisation",
    number: 3,
    title: "Organisational strategy",
    text: "Develop an organisational strategy to deal with mental health and psychological consequences for staff affected by this pandemic now and for the later mental health consequences post pandemic.",
    area: "prioritise_identify",
    themeIds: ["wellbeing-strategy-and-governance", "trauma-and-debriefing"],
  },
  {
    id: "org-4",
    audience: "organisation",
    number: 4,
    title: "Guidance and mechanisms for identifying, referring and treating",
    text: "With Human Resources department, Wellbeing Teams and Psychological/Mental Health departments provide guidance and establish mechanisms for identifying, referring, and treating severe mental health consequences.",
    area: "prioritise_identify",
    themeIds: ["psychological-support-access", "occupational-health"],
  },
  {
    id: "org-5",
    audience: "organisation",
    number: 5,
    title: "Communication system",
    text: "Establish a communication system to promote this proactively.",
    area: "capacity_collaboration",
    themeIds: ["team-communication", "help-seeking-and-stigma"],
  },
  {
    id: "mgr-1",
    audience: "manager",
    number: 1,
    title: "Clinical leadership",
    text: "Effective clinical leadership is vital during these periods and coaching tools can be useful. Leaders should have a high-level of self-awareness and of their impact on individuals and teams. NHS Clinical Leaders Network can offer advice and support.",
    area: "leadership_culture",
    themeIds: ["compassionate-leadership"],
  },
  {
    id: "mgr-2",
    audience: "manager",
    number: 2,
    title: "Staff awareness-raising and training",
    text: "Conduct staff awareness-raising and training in understanding symptoms of stress and its management.",
    area: "capacity_collaboration",
    themeIds: ["training-and-awareness"],
  },
  {
    id: "mgr-3",
    audience: "manager",
    number: 3,
    title: "Principle of civility",
    text: "Embed the principle of civility in team culture and conversations.",
    area: "leadership_culture",
    themeIds: ["compassionate-leadership"],
  },
  {
    id: "mgr-4",
    audience: "manager",
    number: 4,
    title: "Team solidarity and togetherness",
    text: "Promote team solidarity and togetherness using handovers, team huddles, informal team rest breaks.",
    area: "leadership_culture",
    themeIds: ["team-cohesion", "workload-and-rest"],
  },
  {
    id: "mgr-5",
    audience: "manager",
    number: 5,
    title: "Peer support structures",
    text: "Support the forming of peer support structures like Huddles, Psychological First Aid, Mental Health First Aid, Trauma Risk Management, Employee Assistance programmes and Schwartz Rounds.",
    area: "capacity_collaboration",
    themeIds: ["peer-support", "trauma-and-debriefing"],
  },
  {
    id: "mgr-6",
    audience: "manager",
    number: 6,
    title: "Clear communication",
    text: "Clear communication to ensure valid and accurate information about the pandemic response and its effect on the team function is relayed to the team daily.",
    area: "leadership_culture",
    themeIds: ["team-communication"],
  },
  {
    id: "mgr-7",
    audience: "manager",
    number: 7,
    title: "Buddying and rotation",
    text: "Ensure new staff are buddied with more experienced staff and rotated from high stress functions to low stress functions.",
    area: "capacity_collaboration",
    themeIds: ["peer-support", "redeployment-and-rotation"],
  },
  {
    id: "mgr-8",
    audience: "manager",
    number: 8,
    title: "Pastoral support and clinical supervision",
    text: "Consider increasing the level of pastoral support and clinical supervision.",
    area: "capacity_collaboration",
    themeIds: ["clinical-supervision"],
  },
  {
    id: "mgr-9",
    audience: "manager",
    number: 9,
    title: "Wellbeing without stigmatisation",
    text: "Encourage staff to look after their mental health and wellbeing without stigmatisation.",
    area: "leadership_culture",
    themeIds: ["help-seeking-and-stigma", "self-care-and-boundaries"],
  },
  {
    id: "mgr-10",
    audience: "manager",
    number: 10,
    title: "Different needs, different approaches",
    text: "Appreciate that individuals have different needs and will benefit from different approaches.",
    area: "leadership_culture",
    themeIds: ["inequalities-and-at-risk-groups", "practical-and-social-support"],
  },
  {
    id: "mgr-11",
    audience: "manager",
    number: 11,
    title: "Follow guidance on managing mental health and psychological distress",
    text: "Follow guidance on approaches to managing mental health and psychological distress from NHS England, WHO, Royal College of Psychiatrists, British Psychological Society, Kings Fund, NICE guidance for management of depression (CG 90), anxiety (CG113) and PTSD (NG116).",
    area: "prioritise_identify",
    themeIds: ["psychological-support-access", "trauma-and-debriefing"],
  },
  {
    id: "mgr-12",
    audience: "manager",
    number: 12,
    title: "Identify vulnerability and develop focused support",
    text: "Identify vulnerability amongst staff and develop focused support.",
    area: "prioritise_identify",
    themeIds: ["inequalities-and-at-risk-groups"],
  },
];

export const RECOMMENDATION_IDS = RECOMMENDATIONS.map((r) => r.id);
const BY_ID = new Map(RECOMMENDATIONS.map((r) => [r.id, r]));

export const recommendationById = (id: string) => BY_ID.get(id);

/** "Organisations 1", "Managers 5": how the paper numbers it, for tables and CSV. */
export const recommendationLabel = (r: Recommendation) => `${r.audience === "organisation" ? "Organisations" : "Managers"} ${r.number}`;

/** The recommendations of one area, organisations' first, in the paper's order. */
export function recommendationsByArea(): Array<{ area: ThemeArea; label: string; recommendations: Recommendation[] }> {
  return (Object.keys(AREA_LABELS) as ThemeArea[]).map((area) => ({
    area,
    label: AREA_LABELS[area],
    recommendations: RECOMMENDATIONS.filter((r) => r.area === area),
  }));
}

const RANK: Record<AlignmentLevel, number> = { not_in_place: 0, partly: 1, fully: 2 };

export type Levels = Readonly<Record<string, AlignmentLevel | null | undefined>>;

/** The recommendations with no level yet, in order: what stops a submission. */
export function missingLevels(levels: Levels): Recommendation[] {
  return RECOMMENDATIONS.filter((r) => !levels[r.id]);
}

/** "Organisations 2 (Regional and local partnerships), Managers 7 (Buddying and rotation)" */
export function describeMissing(missing: readonly Recommendation[]): string {
  return missing.map((r) => `${recommendationLabel(r)} (${r.title})`).join(", ");
}

export type Movement = "up" | "down" | "unchanged" | "new";

export type Comparison = {
  recommendationId: string;
  before: AlignmentLevel | null;
  after: AlignmentLevel | null;
  movement: Movement;
};

/** What moved between an earlier and a later assessment, recommendation by recommendation. */
export function compareAssessments(earlier: Levels, later: Levels): Comparison[] {
  return RECOMMENDATIONS.map((r) => {
    const before = earlier[r.id] ?? null;
    const after = later[r.id] ?? null;
    let movement: Movement;
    if (!before || !after) movement = before === after ? "unchanged" : "new";
    else movement = RANK[after] > RANK[before] ? "up" : RANK[after] < RANK[before] ? "down" : "unchanged";
    return { recommendationId: r.id, before, after, movement };
  });
}

export function summariseMovement(comparison: readonly Comparison[]): Record<Movement, number> {
  const out: Record<Movement, number> = { up: 0, down: 0, unchanged: 0, new: 0 };
  for (const c of comparison) out[c.movement] += 1;
  return out;
}

export type LevelCounts = Record<AlignmentLevel, number>;

/**
 * Weak across a footprint: most organisations that have submitted an
 * assessment (more than half) have it not in place or only partly in place.
 * No assessments, no verdict.
 */
export function isWeak(counts: LevelCounts): boolean {
  const total = counts.not_in_place + counts.partly + counts.fully;
  return total > 0 && (counts.not_in_place + counts.partly) * 2 > total;
}

/** Shared items from one footprint, in the gap window, that make a theme "recurring there". */
export const FOOTPRINT_RECURRENCE_MIN_ITEMS = 3;

/**
 * A theme recurs in a footprint when, in the gap window, at least `minItems`
 * shared items from that footprint were tagged with it.
 */
export const recursInFootprint = (items: number, minItems: number) => items > 0 && items >= minItems;

/** A place to look: weak across the footprint, and at least one of its themes recurring there. */
export function placesToLook(counts: LevelCounts, themeIds: readonly string[], recurring: ReadonlySet<string>): string[] {
  if (!isWeak(counts)) return [];
  return themeIds.filter((t) => recurring.has(t));
}

/** YYYY-MM-DD that is a real calendar day. */
export function isIsoDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
