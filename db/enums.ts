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

export const USER_STATUSES = ["invited", "active", "deactivated"] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export const MEETING_STATUSES = ["scheduled", "cancelled"] as const;
export type MeetingStatus = (typeof MEETING_STATUSES)[number];

export const RSVP_RESPONSES = ["attending", "apologies"] as const;
export type RsvpResponse = (typeof RSVP_RESPONSES)[number];

export const JOB_KINDS = ["reminder_7d", "reminder_1d", "series_scheduled", "meeting_changed", "meeting_cancelled"] as const;
export type JobKind = (typeof JOB_KINDS)[number];

export const JOB_STATUSES = ["pending", "running", "sent", "failed", "cancelled", "interrupted"] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
