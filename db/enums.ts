/**
 * The fixed lists the database stores as codes. Kept apart from schema.ts so
 * browser code (form schemas, labels) can use them without bundling drizzle.
 */
export const ROLES = [
  "admin",
  "facilitator",
  "clinical_lead",
  "advisory",
] as const;
export type Role = (typeof ROLES)[number];

export const PROFESSIONS = [
  "doctor",
  "nurse",
  "midwife",
  "ahp",
  "paramedic",
  "pharmacist",
  "psychologist",
  "gp",
  "manager",
  "other",
] as const;
export type Profession = (typeof PROFESSIONS)[number];

export const SETTINGS = [
  "acute",
  "community",
  "primary_care",
  "mental_health",
  "ambulance",
  "social_care",
  "commissioner",
  "other",
] as const;
export type Setting = (typeof SETTINGS)[number];

/** `erased`: an admin erased the person; the row keeps only an id (audit entries point at it). */
export const USER_STATUSES = ["invited", "active", "deactivated", "erased"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const MEETING_STATUSES = ["scheduled", "cancelled"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const RSVP_RESPONSES = ["attending", "apologies"] as const;
export type RsvpResponse = (typeof RSVP_RESPONSES)[number];

export const JOB_KINDS = ["reminder_7d", "reminder_1d", "series_scheduled", "meeting_changed", "meeting_cancelled"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_STATUSES = ["pending", "running", "sent", "failed", "cancelled", "interrupted"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

/** An action is open until a report-back or its owner closes it. */
export const ACTION_STATUSES = ["open", "done", "dropped"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];

/**
 * One entry of an action's status history. The first four are what an owner
 * reports (at a meeting or between meetings); `carried` is written when a
 * meeting ends without a report on an open action (apologies, or no time).
 */
export const HISTORY_STATUSES = ["done", "partly", "not_done", "dropped", "carried"] as const;
export type HistoryStatus = (typeof HISTORY_STATUSES)[number];

/** What a shared item was made from: an action's wording, a report-back's learning, or what got in the way. */
export const SHARE_KINDS = ["action", "report_back", "barrier"] as const;
export type ShareKind = (typeof SHARE_KINDS)[number];

/** The facilitator's choice for one item after a meeting. */
export const SHARE_DECISIONS = ["share", "keep"] as const;
export type ShareDecision = (typeof SHARE_DECISIONS)[number];

/** The three areas of the Call to Action framework that every theme belongs to. */
export const THEME_AREAS = ["prioritise_identify", "capacity_collaboration", "leadership_culture"] as const;
export type ThemeArea = (typeof THEME_AREAS)[number];

/** A possible intervention gap, from flagged to closed (or "not a gap", with a reason). */
export const GAP_STATUSES = ["flagged", "under_review", "designing", "in_place", "closed", "not_a_gap"] as const;
export type GapStatus = (typeof GAP_STATUSES)[number];

/** How far an organisation has a recommendation in place, in its self-assessment. */
export const ALIGNMENT_LEVELS = ["not_in_place", "partly", "fully"] as const;
export type AlignmentLevel = (typeof ALIGNMENT_LEVELS)[number];

export const ASSESSMENT_STATUSES = ["draft", "submitted"] as const;
export type AssessmentStatus = (typeof ASSESSMENT_STATUSES)[number];

/** The wellbeing check's measures: the 0-10 "how are you arriving today" scale, and PHQ-4 when the programme switches it on. */
export const WELLBEING_MEASURES = ["arrival", "phq4"] as const;
export type WellbeingMeasure = (typeof WELLBEING_MEASURES)[number];
