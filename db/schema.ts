/**
 * The database schema. Every change here is followed by `npm run db:generate`
 * and the generated migration is committed ("widen then narrow": add, migrate
 * data, then remove, so a running version and the next can share one file).
 *
 * Time convention: instants are epoch milliseconds in INTEGER columns
 * (`*_at`), calendar dates are ISO `YYYY-MM-DD` TEXT (`term_start`). The one
 * exception is `sessions.expires_at`, which lucia's drizzle adapter stores in
 * epoch seconds (see docs/decisions/0002-sessions-and-timeouts.md).
 */
import { sql } from "drizzle-orm";
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from "drizzle-orm/sqlite-core";

import {
  ACTION_STATUSES,
  ALIGNMENT_LEVELS,
  ASSESSMENT_STATUSES,
  GAP_STATUSES,
  HISTORY_STATUSES,
  JOB_KINDS,
  JOB_STATUSES,
  MEETING_STATUSES,
  PROFESSIONS,
  ROLES,
  RSVP_RESPONSES,
  SETTINGS,
  SHARE_DECISIONS,
  SHARE_KINDS,
  THEME_AREAS,
  USER_STATUSES,
  WELLBEING_MEASURES,
} from "./enums";

export * from "./enums";

const createdAt = () =>
  integer("created_at")
    .notNull()
    .default(sql`(cast(unixepoch('subsec') * 1000 as integer))`);

export const regions = sqliteTable("regions", {
  id: text("id").primaryKey(),
  name: text("name").notNull().unique(),
  createdAt: createdAt(),
});

export const footprints = sqliteTable(
  "footprints",
  {
    id: text("id").primaryKey(),
    regionId: text("region_id")
      .notNull()
      .references(() => regions.id, { onDelete: "restrict" }),
    name: text("name").notNull(),
    /** The footprint's staff mental health and wellbeing hub, for the wellbeing check's signposting. */
    hubName: text("hub_name"),
    hubPhone: text("hub_phone"),
    hubUrl: text("hub_url"),
    hubHours: text("hub_hours"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at"),
  },
  (t) => [uniqueIndex("footprints_name_unique").on(sql`lower(${t.name})`)],
);

export const organisations = sqliteTable(
  "organisations",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    odsCode: text("ods_code"),
    setting: text("setting", { enum: SETTINGS }).notNull(),
    footprintId: text("footprint_id")
      .notNull()
      .references(() => footprints.id, { onDelete: "restrict" }),
    createdAt: createdAt(),
    updatedAt: integer("updated_at"),
  },
  (t) => [
    uniqueIndex("organisations_name_unique").on(sql`lower(${t.name})`),
    uniqueIndex("organisations_ods_unique")
      .on(sql`upper(${t.odsCode})`)
      .where(sql`${t.odsCode} is not null`),
    index("organisations_footprint_idx").on(t.footprintId),
  ],
);

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    /** As typed by the admin; uniqueness is on `emailNormalised`. */
    email: text("email").notNull(),
    emailNormalised: text("email_normalised").notNull(),
    organisationId: text("organisation_id").references(() => organisations.id, {
      onDelete: "restrict",
    }),
    profession: text("profession", { enum: PROFESSIONS }).notNull(),
    status: text("status", { enum: USER_STATUSES }).notNull().default("invited"),
    passwordHash: text("password_hash"),
    /** Base32 TOTP key once enrolment is confirmed; null otherwise. */
    totpKey: text("totp_key"),
    /** A key shown for enrolment but not yet confirmed with a code, and when it was made (ms). */
    totpPendingKey: text("totp_pending_key"),
    totpPendingAt: integer("totp_pending_at"),
    /** Last TOTP time step accepted, so a code cannot be replayed. */
    totpLastStep: integer("totp_last_step"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at"),
    deactivatedAt: integer("deactivated_at"),
    /** Set when an admin erased the person: name and email are replaced, everything else of theirs is gone. */
    erasedAt: integer("erased_at"),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.emailNormalised)],
);

export const userRoles = sqliteTable(
  "user_roles",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    role: text("role", { enum: ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

/** lucia 3 session table: `id` holds the SHA-256 of the cookie token, never the token. */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** Epoch seconds (lucia's adapter convention): the idle deadline. */
    expiresAt: integer("expires_at").notNull(),
    /** Epoch ms: fixes the 12-hour absolute lifetime. */
    createdAt: integer("created_at").notNull(),
    /** 1 once the second factor was checked in this session. */
    twoFactorVerified: integer("two_factor_verified").notNull().default(0),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

/** Single-use links (invitations, password resets): only the hash is stored. */
export const userTokens = sqliteTable(
  "user_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["invitation", "password_reset"] }).notNull(),
    tokenHash: text("token_hash").notNull(),
    expiresAt: integer("expires_at").notNull(),
    usedAt: integer("used_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("user_tokens_hash_unique").on(t.tokenHash),
    index("user_tokens_user_idx").on(t.userId, t.kind),
  ],
);

/** Failed sign-ins, for the per-account limit (no permanent lockout). */
export const signInFailures = sqliteTable(
  "sign_in_failures",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    emailNormalised: text("email_normalised").notNull(),
    at: integer("at").notNull(),
  },
  (t) => [index("sign_in_failures_email_at_idx").on(t.emailNormalised, t.at)],
);

export const cohorts = sqliteTable(
  "cohorts",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    footprintId: text("footprint_id")
      .notNull()
      .references(() => footprints.id, { onDelete: "restrict" }),
    /** ISO dates (YYYY-MM-DD), Europe/London calendar days. */
    termStart: text("term_start").notNull(),
    termEnd: text("term_end").notNull(),
    facilitatorId: text("facilitator_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    coFacilitatorId: text("co_facilitator_id").references(() => users.id, {
      onDelete: "restrict",
    }),
    archivedAt: integer("archived_at"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at"),
  },
  (t) => [
    uniqueIndex("cohorts_name_unique").on(sql`lower(${t.name})`),
    index("cohorts_facilitator_idx").on(t.facilitatorId),
    index("cohorts_co_facilitator_idx").on(t.coFacilitatorId),
  ],
);

/** Membership history: a row per spell of membership; `leftAt` null while current. */
export const cohortMemberships = sqliteTable(
  "cohort_memberships",
  {
    id: text("id").primaryKey(),
    cohortId: text("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "restrict" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    joinedAt: integer("joined_at").notNull(),
    leftAt: integer("left_at"),
  },
  (t) => [
    uniqueIndex("cohort_memberships_current_unique")
      .on(t.cohortId, t.userId)
      .where(sql`${t.leftAt} is null`),
    index("cohort_memberships_user_idx").on(t.userId),
  ],
);

/** Who did what, when. Never passwords, tokens or in-set content. */
export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    actorId: text("actor_id"),
    /** e.g. `sign_in`, `sign_in_failed`, `role_added`, `membership_added`. */
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    /** Small JSON of identifiers and labels; no free text typed by users. */
    detail: text("detail"),
    ip: text("ip"),
  },
  (t) => [
    index("audit_log_at_idx").on(t.at),
    index("audit_log_action_idx").on(t.action, t.at),
    index("audit_log_actor_idx").on(t.actorId, t.at),
  ],
);

/**
 * A cohort's schedule rule, kept so "change the rest of the series" knows
 * what it is changing. `rule` is JSON of app/domain/recurrence.ts's
 * RecurrenceRule; times are Europe/London wall-clock.
 */
export const meetingSeries = sqliteTable(
  "meeting_series",
  {
    id: text("id").primaryKey(),
    cohortId: text("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "restrict" }),
    rule: text("rule").notNull(),
    /** "HH:mm", Europe/London. */
    startTime: text("start_time").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    videoUrl: text("video_url").notNull(),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("meeting_series_cohort_idx").on(t.cohortId)],
);

/** One monthly session of a cohort. */
export const meetings = sqliteTable(
  "meetings",
  {
    id: text("id").primaryKey(),
    cohortId: text("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "restrict" }),
    seriesId: text("series_id").references(() => meetingSeries.id, { onDelete: "set null" }),
    /** Epoch ms (UTC instants of the Europe/London wall-clock times). */
    startsAt: integer("starts_at").notNull(),
    endsAt: integer("ends_at").notNull(),
    videoUrl: text("video_url").notNull(),
    status: text("status", { enum: MEETING_STATUSES }).notNull().default("scheduled"),
    cancelReason: text("cancel_reason"),
    /** iCalendar SEQUENCE: goes up by one on every change a calendar must see. */
    sequence: integer("sequence").notNull().default(0),
    attendanceConfirmedAt: integer("attendance_confirmed_at"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at"),
  },
  (t) => [index("meetings_cohort_starts_idx").on(t.cohortId, t.startsAt), index("meetings_starts_idx").on(t.startsAt)],
);

/** A member's answer to a meeting invitation. The reason is for the facilitators only. */
export const meetingResponses = sqliteTable(
  "meeting_responses",
  {
    meetingId: text("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    response: text("response", { enum: RSVP_RESPONSES }).notNull(),
    reason: text("reason"),
    respondedAt: integer("responded_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.userId] })],
);

/** Who attended, as confirmed by a facilitator after the meeting. */
export const meetingAttendance = sqliteTable(
  "meeting_attendance",
  {
    meetingId: text("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    attended: integer("attended").notNull(),
    confirmedBy: text("confirmed_by").references(() => users.id, { onDelete: "set null" }),
    confirmedAt: integer("confirmed_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.userId] })],
);

/** A person's private calendar subscription token (a capability URL; see ADR 0006). */
export const calendarFeeds = sqliteTable(
  "calendar_feeds",
  {
    userId: text("user_id")
      .primaryKey()
      .references(() => users.id, { onDelete: "cascade" }),
    token: text("token").notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("calendar_feeds_token_unique").on(t.token)],
);

/**
 * Emails to send later (reminders) or after a change commits (notices).
 * Written in the same transaction as the change; run by the scheduler in the
 * server. `dedupeKey` is unique, so the same email can never be queued twice.
 */
export const jobs = sqliteTable(
  "jobs",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: JOB_KINDS }).notNull(),
    dedupeKey: text("dedupe_key").notNull(),
    meetingId: text("meeting_id").references(() => meetings.id, { onDelete: "cascade" }),
    userId: text("user_id").references(() => users.id, { onDelete: "cascade" }),
    /** The meeting's SEQUENCE when queued: a reminder for an older version is not sent. */
    meetingSequence: integer("meeting_sequence"),
    /** Small JSON of what the email needs besides the meeting (e.g. a cancel reason). */
    payload: text("payload"),
    runAt: integer("run_at").notNull(),
    status: text("status", { enum: JOB_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    lockedUntil: integer("locked_until"),
    sentAt: integer("sent_at"),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("jobs_dedupe_unique").on(t.dedupeKey), index("jobs_due_idx").on(t.status, t.runAt), index("jobs_meeting_idx").on(t.meetingId)],
);

/** The live state of a running meeting (app/domain/live/types.ts MeetingState as JSON), with its version. */
export const liveMeetings = sqliteTable("live_meetings", {
  meetingId: text("meeting_id")
    .primaryKey()
    .references(() => meetings.id, { onDelete: "cascade" }),
  state: text("state").notNull(),
  version: integer("version").notNull(),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Every applied command, by its client-made opId: a repeated opId returns the
 * version it produced instead of applying twice. No command text is kept here.
 */
export const liveEvents = sqliteTable(
  "live_events",
  {
    // The rowid: no AUTOINCREMENT, which would write sqlite_sequence on every command too.
    id: integer("id").primaryKey(),
    meetingId: text("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    opId: text("op_id").notNull(),
    version: integer("version").notNull(),
    actorId: text("actor_id").notNull(),
    type: text("type").notNull(),
    at: integer("at").notNull(),
  },
  // One index: the opId check. (Nothing reads events by version, so that index is gone: one B-tree write less per command.)
  (t) => [uniqueIndex("live_events_op_unique").on(t.meetingId, t.opId)],
);

/** Who joined a live meeting (pre-fills the facilitator's attendance list). */
export const meetingPresence = sqliteTable(
  "meeting_presence",
  {
    meetingId: text("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    firstJoinedAt: integer("first_joined_at").notNull(),
    lastSeenAt: integer("last_seen_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.meetingId, t.userId] })],
);

/** The facilitators' private notes for a meeting: confidential to the cohort's facilitators. */
export const meetingNotes = sqliteTable("meeting_notes", {
  meetingId: text("meeting_id")
    .primaryKey()
    .references(() => meetings.id, { onDelete: "cascade" }),
  text: text("text").notNull(),
  updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * Actions committed in a presenter's airtime (the actions issue builds on
 * these). In-set data: visible to the cohort's members and facilitators only.
 */
export const actions = sqliteTable(
  "actions",
  {
    id: text("id").primaryKey(),
    cohortId: text("cohort_id")
      .notNull()
      .references(() => cohorts.id, { onDelete: "restrict" }),
    meetingId: text("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "restrict" }),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "restrict" }),
    text: text("text").notNull(),
    writtenBy: text("written_by").references(() => users.id, { onDelete: "set null" }),
    /** Optional, the owner's: how they will know it worked, and by when (YYYY-MM-DD). */
    successMeasure: text("success_measure"),
    targetDate: text("target_date"),
    /** open until a report-back closes it: done or dropped (partly / not done carry it forward). */
    status: text("status", { enum: ACTION_STATUSES }).notNull().default("open"),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at"),
  },
  (t) => [
    index("actions_owner_idx").on(t.ownerId, t.status),
    index("actions_cohort_idx").on(t.cohortId, t.status),
    // Covering: the contributor counts read only an action's owner.
    index("actions_id_owner_idx").on(t.id, t.ownerId),
  ],
);

/**
 * An action's status history: a report-back at a meeting's progress-report
 * stage (`meetingId` set), an update its owner made between meetings
 * (`meetingId` null), or `carried` when a meeting ended without a report.
 */
export const actionReports = sqliteTable(
  "action_reports",
  {
    id: text("id").primaryKey(),
    actionId: text("action_id")
      .notNull()
      .references(() => actions.id, { onDelete: "cascade" }),
    meetingId: text("meeting_id").references(() => meetings.id, { onDelete: "set null" }),
    status: text("status", { enum: HISTORY_STATUSES }).notNull(),
    learned: text("learned").notNull().default(""),
    obstacles: text("obstacles").notNull().default(""),
    /** A progress note between meetings, or why the action was dropped. */
    note: text("note").notNull().default(""),
    reportedBy: text("reported_by").references(() => users.id, { onDelete: "set null" }),
    reportedAt: integer("reported_at").notNull(),
  },
  (t) => [index("action_reports_action_idx").on(t.actionId, t.reportedAt)],
);

/**
 * The private side of sharing: the facilitator's decision on one item from a
 * meeting (an action, a report-back's learning, or its barrier) and the
 * de-identified text they approved. Lives with the set's data (deleted with
 * the action, the owner or by erasure). `sharedItemId` points one way only:
 * from here to the shared record, never back.
 */
export const shareProposals = sqliteTable(
  "share_proposals",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: SHARE_KINDS }).notNull(),
    actionId: text("action_id")
      .notNull()
      .references(() => actions.id, { onDelete: "cascade" }),
    /** The report-back, for kinds report_back and barrier. */
    reportId: text("report_id").references(() => actionReports.id, { onDelete: "cascade" }),
    meetingId: text("meeting_id")
      .notNull()
      .references(() => meetings.id, { onDelete: "cascade" }),
    decision: text("decision", { enum: SHARE_DECISIONS }).notNull(),
    redactedText: text("redacted_text").notNull(),
    decidedBy: text("decided_by").references(() => users.id, { onDelete: "set null" }),
    decidedAt: integer("decided_at").notNull(),
    /** The owner withdrew it: it is never shared (and a shared record is deleted). */
    withdrawnAt: integer("withdrawn_at"),
    /** The owner agreed before the notice period ended. */
    ownerAgreedAt: integer("owner_agreed_at"),
    sharedAt: integer("shared_at"),
    sharedItemId: text("shared_item_id").references(() => sharedItems.id, { onDelete: "set null" }),
    /**
     * JSON array of theme ids: the tagger's suggestion until a facilitator
     * saves a decision, then the facilitator's choice, which is kept and
     * copied to the shared record.
     */
    themeIds: text("theme_ids").notNull().default("[]"),
  },
  (t) => [
    uniqueIndex("share_proposals_item_unique").on(t.kind, t.actionId, sql`coalesce(${t.reportId}, '')`),
    index("share_proposals_meeting_idx").on(t.meetingId),
    index("share_proposals_due_idx").on(t.decision, t.sharedAt, t.withdrawnAt),
    // The private side's counts (recurrence, contributors) start from shared items and come back here.
    // Covering (with the action) so the private counts never read the proposal rows.
    index("share_proposals_shared_item_action_idx").on(t.sharedItemId, t.actionId),
  ],
);

/**
 * What leaves a set: de-identified text with its kind, footprint, month and
 * theme ids. By construction it has no column that joins to a person, a
 * cohort or a meeting, and no time finer than the month.
 */
export const sharedItems = sqliteTable(
  "shared_items",
  {
    id: text("id").primaryKey(),
    kind: text("kind", { enum: SHARE_KINDS }).notNull(),
    text: text("text").notNull(),
    footprintId: text("footprint_id")
      .notNull()
      .references(() => footprints.id, { onDelete: "restrict" }),
    /** YYYY-MM of the meeting the item came from. */
    month: text("month").notNull(),
    /** JSON array of codebook theme ids (filled by the themes work). */
    themeIds: text("theme_ids").notNull().default("[]"),
  },
  (t) => [
    index("shared_items_footprint_month_idx").on(t.footprintId, t.month),
    index("shared_items_month_idx").on(t.month),
    // The latest items that matched no theme (theme ids "[]"), for candidate themes.
    index("shared_items_themes_month_idx").on(t.themeIds, t.month),
  ],
);

/**
 * Counters that go up whenever some rows change, so a cache can tell in one
 * lookup whether what it holds is stale. `advisory` counts every change to
 * the shared side (shared items, their themes, the codebook) and to the
 * private contributor rows; SQL triggers (migration 0011) keep it, so
 * cascaded deletes count too.
 */
export const changeCounters = sqliteTable("change_counters", {
  name: text("name").primaryKey(),
  value: integer("value").notNull().default(0),
});

/** Settings an admin can change (retention days, sharing notice, ...), as JSON values by key. */
export const settings = sqliteTable("settings", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
  updatedAt: integer("updated_at").notNull(),
});

/**
 * The codebook: stable ids (never changed; exports refer to them), names and
 * descriptions admins may edit, the framework area, and retirement (a retired
 * theme is no longer suggested or flagged, and its history stays).
 */
export const themes = sqliteTable("themes", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  description: text("description").notNull(),
  area: text("area", { enum: THEME_AREAS }).notNull(),
  retiredAt: integer("retired_at"),
  createdAt: integer("created_at").notNull(),
  updatedAt: integer("updated_at"),
});

/**
 * The gap register: a theme flagged as a possible intervention gap and what
 * the advisory group did about it. `evidence` is a JSON snapshot of the
 * disclosure-controlled figures at flagging (never a person, cohort or meeting).
 */
export const gaps = sqliteTable(
  "gaps",
  {
    id: text("id").primaryKey(),
    themeId: text("theme_id")
      .notNull()
      .references(() => themes.id, { onDelete: "restrict" }),
    status: text("status", { enum: GAP_STATUSES }).notNull().default("flagged"),
    /** Why it is "not a gap", or why it was closed. */
    reason: text("reason"),
    ownerId: text("owner_id").references(() => users.id, { onDelete: "set null" }),
    notes: text("notes").notNull().default(""),
    evidence: text("evidence").notNull(),
    flaggedAt: integer("flagged_at").notNull(),
    updatedAt: integer("updated_at").notNull(),
    closedAt: integer("closed_at"),
  },
  (t) => [
    // One open entry per theme: a theme that recurs again after closing makes a new one.
    uniqueIndex("gaps_open_theme_unique")
      .on(t.themeId)
      .where(sql`${t.status} not in ('closed', 'not_a_gap')`),
    index("gaps_status_idx").on(t.status),
  ],
);

/** What the advisory group put in place for a gap: title, description, provider, link, footprints covered. */
export const interventions = sqliteTable(
  "interventions",
  {
    id: text("id").primaryKey(),
    gapId: text("gap_id")
      .notNull()
      .references(() => gaps.id, { onDelete: "cascade" }),
    title: text("title").notNull(),
    description: text("description").notNull(),
    provider: text("provider").notNull(),
    link: text("link"),
    /** When it was in place; null while it is being designed. */
    inPlaceAt: integer("in_place_at"),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull(),
    updatedAt: integer("updated_at"),
  },
  (t) => [index("interventions_gap_idx").on(t.gapId)],
);

export const interventionFootprints = sqliteTable(
  "intervention_footprints",
  {
    interventionId: text("intervention_id")
      .notNull()
      .references(() => interventions.id, { onDelete: "cascade" }),
    footprintId: text("footprint_id")
      .notNull()
      .references(() => footprints.id, { onDelete: "restrict" }),
  },
  (t) => [primaryKey({ columns: [t.interventionId, t.footprintId] }), index("intervention_footprints_footprint_idx").on(t.footprintId)],
);

/**
 * One row per theme of each shared item, with its footprint and month copied
 * from it: the advisory pages count these through an index instead of
 * reading JSON. Shared side only; deleted with its shared item.
 */
export const sharedItemThemes = sqliteTable(
  "shared_item_themes",
  {
    sharedItemId: text("shared_item_id")
      .notNull()
      .references(() => sharedItems.id, { onDelete: "cascade" }),
    themeId: text("theme_id")
      .notNull()
      .references(() => themes.id, { onDelete: "restrict" }),
    footprintId: text("footprint_id").notNull(),
    month: text("month").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sharedItemId, t.themeId] }),
    index("shared_item_themes_month_idx").on(t.month, t.themeId, t.footprintId),
    // A theme's latest items first (month, then the latest written), for its excerpts.
    index("shared_item_themes_theme_month_idx").on(t.themeId, t.month),
  ],
);

/**
 * Private side: who is behind each shared item, once for the item (theme
 * `EVERY_THEME`) and once per theme, with its footprint and month. The
 * advisory pages need the number of distinct people behind a scope only to
 * compare it with the threshold (and show it rounded); counting them here is
 * one index range instead of joining shared items to proposals to actions.
 * Written with the shared item's themes; deleted with the shared item
 * (withdrawn or unshared) and with the proposal (when its owner is erased).
 * Nothing on the shared side points here.
 */
export const sharedItemContributors = sqliteTable(
  "shared_item_contributors",
  {
    sharedItemId: text("shared_item_id")
      .notNull()
      .references(() => sharedItems.id, { onDelete: "cascade" }),
    themeId: text("theme_id").notNull(),
    proposalId: text("proposal_id")
      .notNull()
      .references(() => shareProposals.id, { onDelete: "cascade" }),
    ownerId: text("owner_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    footprintId: text("footprint_id").notNull(),
    month: text("month").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.sharedItemId, t.themeId] }),
    index("shared_item_contributors_count_idx").on(t.themeId, t.month, t.footprintId, t.ownerId),
    index("shared_item_contributors_proposal_idx").on(t.proposalId),
    index("shared_item_contributors_owner_idx").on(t.ownerId),
  ],
);

/**
 * How many shared items carry each theme, by footprint and month: the
 * advisory figures before disclosure control, read without counting. Kept by
 * SQL triggers on `shared_item_themes` (migration 0012), whose rows are only
 * ever inserted and deleted; a count that reaches 0 is deleted. Shared side.
 */
export const sharedThemeCounts = sqliteTable(
  "shared_theme_counts",
  {
    month: text("month").notNull(),
    themeId: text("theme_id").notNull(),
    footprintId: text("footprint_id").notNull(),
    items: integer("items").notNull(),
  },
  (t) => [primaryKey({ columns: [t.month, t.themeId, t.footprintId] })],
);

/** The people an admin named to complete an organisation's self-assessment (clinical leads or facilitators). */
export const organisationLeads = sqliteTable(
  "organisation_leads",
  {
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "cascade" }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdBy: text("created_by").references(() => users.id, { onDelete: "set null" }),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.userId] }), index("organisation_leads_user_idx").on(t.userId)],
);

/**
 * An organisation's self-assessment against the Call to Action
 * recommendations: a draft saved as it goes, then submitted (frozen, dated).
 * Repeated later (baseline, 6 and 12 months) as new assessments.
 */
export const assessments = sqliteTable(
  "assessments",
  {
    id: text("id").primaryKey(),
    organisationId: text("organisation_id")
      .notNull()
      .references(() => organisations.id, { onDelete: "restrict" }),
    /** What this round is called, e.g. "Baseline", "6 months". */
    label: text("label").notNull(),
    status: text("status", { enum: ASSESSMENT_STATUSES }).notNull().default("draft"),
    startedBy: text("started_by").references(() => users.id, { onDelete: "set null" }),
    startedAt: integer("started_at").notNull(),
    submittedBy: text("submitted_by").references(() => users.id, { onDelete: "set null" }),
    submittedAt: integer("submitted_at"),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [
    // At most one draft per organisation at a time.
    uniqueIndex("assessments_one_draft_unique")
      .on(t.organisationId)
      .where(sql`${t.status} = 'draft'`),
    index("assessments_org_idx").on(t.organisationId, t.submittedAt),
  ],
);

/** One recommendation's answer in an assessment (recommendation ids are the stable ids in app/domain/recommendations.ts). */
export const assessmentAnswers = sqliteTable(
  "assessment_answers",
  {
    assessmentId: text("assessment_id")
      .notNull()
      .references(() => assessments.id, { onDelete: "cascade" }),
    recommendationId: text("recommendation_id").notNull(),
    level: text("level", { enum: ALIGNMENT_LEVELS }),
    evidence: text("evidence").notNull().default(""),
    nextStep: text("next_step").notNull().default(""),
    /** The role that owns the next step (a role, not a person: "Director of workforce"). */
    ownerRole: text("owner_role").notNull().default(""),
    /** YYYY-MM-DD */
    dueDate: text("due_date"),
    updatedBy: text("updated_by").references(() => users.id, { onDelete: "set null" }),
    updatedAt: integer("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.assessmentId, t.recommendationId] })],
);

/** A person's choice to take part in the wellbeing check; withdrawing keeps the record of consent and when it was withdrawn. */
export const wellbeingConsents = sqliteTable("wellbeing_consents", {
  userId: text("user_id")
    .primaryKey()
    .references(() => users.id, { onDelete: "cascade" }),
  consentedAt: integer("consented_at").notNull(),
  withdrawnAt: integer("withdrawn_at"),
});

/**
 * Wellbeing check answers: private to the person. Nobody else reads a row;
 * only disclosure-controlled aggregates by footprint and quarter leave.
 */
export const wellbeingAnswers = sqliteTable(
  "wellbeing_answers",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** The meeting whose check-in it was taken at, if any. */
    meetingId: text("meeting_id").references(() => meetings.id, { onDelete: "set null" }),
    /** The footprint of that meeting's set, for the aggregates. */
    footprintId: text("footprint_id").references(() => footprints.id, { onDelete: "set null" }),
    measure: text("measure", { enum: WELLBEING_MEASURES }).notNull(),
    /** 0-10, "how are you arriving today". */
    arrival: integer("arrival"),
    /** PHQ-4 items, each 0-3: 1-2 anxiety, 3-4 depression. */
    phq1: integer("phq1"),
    phq2: integer("phq2"),
    phq3: integer("phq3"),
    phq4: integer("phq4"),
    createdAt: integer("created_at").notNull(),
  },
  (t) => [index("wellbeing_answers_user_idx").on(t.userId, t.createdAt), index("wellbeing_answers_footprint_idx").on(t.footprintId, t.createdAt)],
);
