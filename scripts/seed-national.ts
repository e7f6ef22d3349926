/**
 * The national synthetic programme, for the advisory benchmark: a fresh
 * database with all 42 footprints of England and five years of monthly
 * action learning sets up to the current month.
 *
 *   npm run seed:national -- [--db data/national.sqlite] [--scale 1] [--seed 1] [--force] [--now 2026-05-15]
 *
 * At scale 1: ~5,300 cohorts of 6–8 clinical leads with a facilitator (about
 * 125 per footprint over five years, i.e. some 25 running at a time: 12-month
 * terms, more in larger footprints and in later years), ~55,000 monthly
 * meetings, 2–4 presenters a meeting with one action each, report-backs at
 * later meetings until an action is done or dropped (and "carried" for those
 * who sent apologies): about 400,000 actions and report-backs. About
 * 30% of actions and report-backs are approved for sharing, with their
 * private proposal and (once the notice period is over) a de-identified
 * shared item, whose theme ids are the themes the phrase bank meant
 * (scripts/national-text.ts), not a tagger's guess.
 *
 * Everything comes from one seeded PRNG, so a seed and a `--now` give the
 * same database. Writes go through better-sqlite3 prepared statements, one
 * transaction per batch, with `synchronous=OFF` during the seeding only;
 * foreign keys stay on. The people have no passwords (a benchmark signs them
 * in by writing sessions).
 */
import { existsSync, rmSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { TZDate } from "@date-fns/tz";
import { openDatabase, runMigrations } from "../db/client";
import { rebuildContributors } from "../db/contributors";
import type { Profession, Setting } from "../db/enums";
import { THEME_PHRASES, textKit, type Made } from "./national-text";

const LONDON = "Europe/London";
const DAY = 86_400_000;
const MONTHS = 60;
const TERM_MONTHS = 12;
/** Cohorts at scale 1: with ~8 actions and report-backs per meeting this makes about 400,000. */
const COHORTS_AT_SCALE_1 = 5_280;
const SHARE_RATE = 0.3;
const KEEP_RATE = 0.06;
const WITHDRAW_RATE = 0.03;
const NOTICE_DAYS = 7;
const ROWS_PER_BATCH = 20_000;

/** The 42 integrated care systems of England, by NHS England region, with rough populations (millions). */
const FOOTPRINTS: Array<[name: string, regionId: string, population: number]> = [
  ["North East and North Cumbria", "north-east-and-yorkshire", 3.0],
  ["Humber and North Yorkshire", "north-east-and-yorkshire", 1.7],
  ["South Yorkshire", "north-east-and-yorkshire", 1.4],
  ["West Yorkshire", "north-east-and-yorkshire", 2.4],
  ["Cheshire and Merseyside", "north-west", 2.7],
  ["Greater Manchester", "north-west", 2.9],
  ["Lancashire and South Cumbria", "north-west", 1.8],
  ["Birmingham and Solihull", "midlands", 1.3],
  ["Black Country", "midlands", 1.3],
  ["Coventry and Warwickshire", "midlands", 1.0],
  ["Derby and Derbyshire", "midlands", 1.1],
  ["Herefordshire and Worcestershire", "midlands", 0.8],
  ["Leicester, Leicestershire and Rutland", "midlands", 1.1],
  ["Lincolnshire", "midlands", 0.8],
  ["Northamptonshire", "midlands", 0.8],
  ["Nottingham and Nottinghamshire", "midlands", 1.1],
  ["Shropshire, Telford and Wrekin", "midlands", 0.5],
  ["Staffordshire and Stoke-on-Trent", "midlands", 1.1],
  ["Bedfordshire, Luton and Milton Keynes", "east-of-england", 1.0],
  ["Cambridgeshire and Peterborough", "east-of-england", 0.9],
  ["Hertfordshire and West Essex", "east-of-england", 1.6],
  ["Mid and South Essex", "east-of-england", 1.2],
  ["Norfolk and Waveney", "east-of-england", 1.1],
  ["Suffolk and North East Essex", "east-of-england", 1.0],
  ["North Central London", "london", 1.6],
  ["North East London", "london", 2.1],
  ["North West London", "london", 2.1],
  ["South East London", "london", 1.9],
  ["South West London", "london", 1.5],
  ["Buckinghamshire, Oxfordshire and Berkshire West", "south-east", 1.9],
  ["Frimley", "south-east", 0.8],
  ["Hampshire and Isle of Wight", "south-east", 1.9],
  ["Kent and Medway", "south-east", 1.9],
  ["Surrey Heartlands", "south-east", 1.1],
  ["Sussex", "south-east", 1.8],
  ["Bath and North East Somerset, Swindon and Wiltshire", "south-west", 0.9],
  ["Bristol, North Somerset and South Gloucestershire", "south-west", 1.0],
  ["Cornwall and the Isles of Scilly", "south-west", 0.6],
  ["Devon", "south-west", 1.2],
  ["Dorset", "south-west", 0.8],
  ["Gloucestershire", "south-west", 0.7],
  ["Somerset", "south-west", 0.6],
];

const ORGANISATION_KINDS: Array<[setting: Setting, suffix: string]> = [
  ["acute", "Hospitals NHS Foundation Trust"],
  ["mental_health", "Mental Health NHS Foundation Trust"],
  ["community", "Community Health NHS Trust"],
  ["primary_care", "GP Federation"],
  ["ambulance", "Ambulance Service Division"],
  ["social_care", "Adult Social Care"],
  ["commissioner", "Integrated Care Board"],
];

const PROFESSION_WEIGHTS: Array<[Profession, number]> = [
  ["nurse", 30],
  ["doctor", 18],
  ["ahp", 14],
  ["gp", 8],
  ["midwife", 6],
  ["paramedic", 6],
  ["manager", 6],
  ["pharmacist", 5],
  ["psychologist", 4],
  ["other", 3],
];

/** How often each theme comes up across the programme, before footprint and year effects. */
const THEME_WEIGHTS: Record<string, number> = {
  "workload-and-rest": 3.0,
  "peer-support": 2.0,
  "self-care-and-boundaries": 1.8,
  "compassionate-leadership": 1.6,
  "team-cohesion": 1.5,
  "clinical-supervision": 1.4,
  "psychological-support-access": 1.3,
  "team-communication": 1.2,
  "training-and-awareness": 1.1,
  "help-seeking-and-stigma": 1.0,
  "retention-and-career": 1.0,
  "occupational-health": 0.9,
  "trauma-and-debriefing": 0.8,
  "working-environment": 0.8,
  "wellbeing-strategy-and-governance": 0.7,
  "inequalities-and-at-risk-groups": 0.7,
  "remote-and-digital-working": 0.6,
  "family-and-caring": 0.6,
  "practical-and-social-support": 0.5,
  "redeployment-and-rotation": 0.5,
  bereavement: 0.4,
};

/** Trends over the five years (t from 0 to 1): redeployment and remote working fade, money worries and leaving grow. */
const THEME_TRENDS: Record<string, (t: number) => number> = {
  "redeployment-and-rotation": (t) => 3 - 2.6 * t,
  "remote-and-digital-working": (t) => 2 - 1.4 * t,
  "trauma-and-debriefing": (t) => 1.6 - 0.8 * t,
  "practical-and-social-support": (t) => 0.5 + 2.5 * t,
  "retention-and-career": (t) => 0.7 + 1.2 * t,
  "workload-and-rest": (t) => 0.9 + 0.3 * t,
};

const FIRST_NAMES = [
  "Sarah", "Daniel", "Chloe", "Imran", "Rebecca", "Liam", "Zainab", "Helen", "Oluwaseun", "Katie", "Mark", "Fatima", "Joanne", "Niamh",
  "Rachel", "Ahmed", "Emma", "Stuart", "Lucy", "Josef", "Grace", "Tom", "Priya", "Gareth", "Amina", "Owen", "Siobhan", "Raj", "Eleanor",
  "Kofi", "Laura", "Hamza", "Bethany", "Callum", "Mei", "Adebayo", "Rhian", "Tariq", "Louise", "Ewan", "Anjali", "Declan", "Yasmin",
  "Pawel", "Charlotte", "Kieran", "Nadia", "Euan", "Ifeoma", "Jessica", "Samir", "Harriet", "Connor", "Deepa", "Robert", "Aoife",
];
const SURNAMES = [
  "Whitfield", "Mensah", "Brennan", "Qureshi", "Holt", "Gallagher", "Ali", "McAllister", "Adeyemi", "Rowlands", "Bentley", "Begum",
  "Doyle", "O'Connor", "Thornton", "Hussain", "Fairclough", "Kirkby", "Pemberton", "Nowak", "Okafor", "Shah", "Lloyd", "Rahman",
  "Evans", "Patel", "Murphy", "Khan", "Jones", "Williams", "Taylor", "Brown", "Davies", "Wilson", "Robinson", "Wright", "Chen", "Singh",
  "Campbell", "Hughes", "Edwards", "Green", "Hall", "Wood", "Harris", "Clarke", "Jackson", "Walker", "Mahmood", "Kowalski", "Osei",
];

const CANCEL_REASONS = ["Facilitator unwell", "Clashes with a bank holiday week", "Industrial action", "Too few members able to attend", "System-wide critical incident"];

export type SeedOptions = {
  path?: string;
  /** Fraction of the full programme's cohorts (the 42 footprints are always all there). */
  scale?: number;
  seed?: number;
  force?: boolean;
  /** The "current month" is the month of this date; meetings after it have no actions yet. */
  now?: Date;
  log?: (line: string) => void;
};

export type SeedSummary = { path: string; counts: Record<string, number>; bytes: number; seconds: number };

/** mulberry32 */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const slug = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
const monthLabel = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function seedNational(options: SeedOptions = {}): SeedSummary {
  const started = performance.now();
  const path = resolve(options.path ?? "data/national.sqlite");
  const scale = options.scale ?? 1;
  const seed = options.seed ?? 1;
  const now = (options.now ?? new Date()).getTime();
  const log = options.log ?? (() => {});
  if (!(scale > 0 && scale <= 10)) throw new RangeError(`--scale must be above 0 and at most 10, not ${scale}`);
  if (!Number.isInteger(seed)) throw new RangeError(`--seed must be a whole number, not ${seed}`);

  if (existsSync(path)) {
    if (!options.force) throw new Error(`${path} already exists; pass --force to replace it`);
    for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(path + suffix, { force: true });
  }

  const conn = openDatabase(path);
  const { sqlite } = conn;
  try {
    runMigrations(conn);
    sqlite.pragma("journal_mode = WAL");
    sqlite.pragma("synchronous = OFF");
    sqlite.pragma("cache_size = -65536");
    sqlite.pragma("temp_store = MEMORY");

    const rand = prng(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
    const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    const weighted = <T>(pairs: ReadonlyArray<readonly [T, number]>): T => {
      let u = rand() * pairs.reduce((s, [, w]) => s + w, 0);
      for (const [value, w] of pairs) if ((u -= w) < 0) return value;
      return pairs[pairs.length - 1][0];
    };
    const B32 = "abcdefghijklmnopqrstuvwxyz234567";
    const newId = () => {
      let id = "";
      for (let i = 0; i < 16; i++) id += B32[Math.floor(rand() * 32)];
      return id;
    };
    const kit = textKit(rand);

    // ---- reference data ----------------------------------------------------
    const regionIds = new Set((sqlite.prepare("select id from regions").all() as Array<{ id: string }>).map((r) => r.id));
    const themeIds = new Set((sqlite.prepare("select id from themes").all() as Array<{ id: string }>).map((r) => r.id));
    for (const [name, regionId] of FOOTPRINTS) if (!regionIds.has(regionId)) throw new Error(`Region ${regionId} (for ${name}) is not in the database`);
    for (const id of Object.keys(THEME_PHRASES)) if (!themeIds.has(id)) throw new Error(`The phrase bank's theme ${id} is not in the codebook`);
    const hasItemThemes = (sqlite.prepare("select count(*) as n from sqlite_master where type = 'table' and name = 'shared_item_themes'").get() as { n: number }).n > 0;

    const ins = {
      footprint: sqlite.prepare("insert into footprints (id, region_id, name, created_at) values (?, ?, ?, ?)"),
      organisation: sqlite.prepare("insert into organisations (id, name, ods_code, setting, footprint_id, created_at) values (?, ?, null, ?, ?, ?)"),
      user: sqlite.prepare("insert into users (id, name, email, email_normalised, organisation_id, profession, status, created_at) values (?, ?, ?, ?, ?, ?, 'active', ?)"),
      role: sqlite.prepare("insert into user_roles (user_id, role, created_at) values (?, ?, ?)"),
      cohort: sqlite.prepare(
        "insert into cohorts (id, name, footprint_id, term_start, term_end, facilitator_id, co_facilitator_id, archived_at, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      membership: sqlite.prepare("insert into cohort_memberships (id, cohort_id, user_id, joined_at, left_at) values (?, ?, ?, ?, ?)"),
      meeting: sqlite.prepare(
        "insert into meetings (id, cohort_id, starts_at, ends_at, video_url, status, cancel_reason, sequence, created_at) values (?, ?, ?, ?, ?, ?, ?, 0, ?)",
      ),
      actionClosed: sqlite.prepare("update actions set status = ?, updated_at = ? where id = ?"),
      action: sqlite.prepare(
        "insert into actions (id, cohort_id, meeting_id, owner_id, text, written_by, success_measure, target_date, status, created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      report: sqlite.prepare(
        "insert into action_reports (id, action_id, meeting_id, status, learned, obstacles, note, reported_by, reported_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      proposal: sqlite.prepare(
        "insert into share_proposals (id, kind, action_id, report_id, meeting_id, decision, redacted_text, decided_by, decided_at, withdrawn_at, owner_agreed_at, shared_at, shared_item_id, theme_ids) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      ),
      sharedItem: sqlite.prepare("insert into shared_items (id, kind, text, footprint_id, month, theme_ids) values (?, ?, ?, ?, ?, ?)"),
      itemTheme: hasItemThemes ? sqlite.prepare("insert into shared_item_themes (shared_item_id, theme_id, footprint_id, month) values (?, ?, ?, ?)") : null,
    };

    // ---- time ----------------------------------------------------------------
    const nowDate = new TZDate(now, LONDON);
    const currentMonth = nowDate.getFullYear() * 12 + nowDate.getMonth();
    const firstMonth = currentMonth - (MONTHS - 1);
    const monthStart = (index: number) => new TZDate(Math.floor(index / 12), index % 12, 1, 0, 0, LONDON).getTime();
    const programmeStart = monthStart(firstMonth) - 60 * DAY;

    // ---- footprints, organisations, staff ------------------------------------
    let rows = 0;
    const footprints = FOOTPRINTS.map(([name, regionId, population]) => ({ id: slug(name), name, regionId, weight: Math.sqrt(population), orgs: [] as string[], facilitators: [] as string[] }));
    const themeList = Object.keys(THEME_WEIGHTS);
    // Each footprint leans towards some themes: a log-normal-ish factor per theme.
    const lean = footprints.map(() => themeList.map(() => Math.exp(0.45 * (rand() + rand() + rand() - 1.5) * 2)));
    const yearTables = footprints.map((_, f) =>
      Array.from({ length: 5 }, (_, year) =>
        themeList.map((theme, k) => [theme, THEME_WEIGHTS[theme] * lean[f][k] * (THEME_TRENDS[theme]?.((year + 0.5) / 5) ?? 1)] as const),
      ),
    );
    const themeFor = (f: number, month: number, besides?: string) => {
      const year = Math.min(4, Math.max(0, Math.floor((month - firstMonth) / 12)));
      const table = besides ? yearTables[f][year].filter(([t]) => t !== besides) : yearTables[f][year];
      return weighted(table);
    };

    const personNumber = { lead: 0, facilitator: 0, advisory: 0, admin: 0 };
    const addPerson = (kind: keyof typeof personNumber, organisationId: string | null, profession: Profession, role: string, createdAt: number) => {
      const n = ++personNumber[kind];
      const id = newId();
      const email = `${kind}-${n}@national.example`;
      ins.user.run(id, `${pick(FIRST_NAMES)} ${pick(SURNAMES)}`, email, email, organisationId, profession, createdAt);
      ins.role.run(id, role, createdAt);
      rows += 2;
      return id;
    };

    // Cohorts first (as a plan), so each footprint gets facilitators for the sets it runs.
    const totalCohorts = Math.max(1, Math.round(COHORTS_AT_SCALE_1 * scale));
    const monthWeights = Array.from({ length: MONTHS }, (_, i) => {
      const month = (firstMonth + i) % 12;
      const season = month === 8 ? 1.8 : month === 0 ? 1.4 : month === 3 ? 1.2 : month === 11 || month === 7 ? 0.5 : 1;
      return [firstMonth + i, (0.5 + i / (MONTHS - 1)) * season] as const; // the programme grows over the five years
    });
    const footprintWeights = footprints.map((fp, f) => [f, fp.weight] as const);
    const plan = Array.from({ length: totalCohorts }, () => ({ f: weighted(footprintWeights), start: weighted(monthWeights) }));
    plan.sort((a, b) => a.start - b.start || a.f - b.f);

    sqlite.transaction(() => {
      for (const fp of footprints) {
        ins.footprint.run(fp.id, fp.regionId, fp.name, programmeStart);
        rows++;
        // An acute and a mental health trust everywhere, then some of the other kinds.
        const others = ORGANISATION_KINDS.slice(2);
        for (let i = others.length - 1; i > 0; i--) {
          const j = Math.floor(rand() * (i + 1));
          [others[i], others[j]] = [others[j], others[i]];
        }
        const kinds = [ORGANISATION_KINDS[0], ORGANISATION_KINDS[1], ...others].slice(0, between(3, 5));
        for (const [setting, suffix] of kinds) {
          const id = newId();
          ins.organisation.run(id, `${fp.name} ${suffix} (synthetic)`, setting, fp.id, programmeStart);
          fp.orgs.push(id);
          rows++;
        }
      }
      footprints.forEach((fp, f) => {
        const concurrent = (plan.filter((p) => p.f === f).length * TERM_MONTHS) / MONTHS;
        const count = Math.max(2, Math.ceil(concurrent / 3));
        for (let k = 0; k < count; k++) {
          fp.facilitators.push(addPerson("facilitator", pick(fp.orgs), weighted([["psychologist", 3], ["nurse", 3], ["doctor", 2], ["manager", 1], ["other", 1]] as const), "facilitator", programmeStart));
        }
      });
      for (let k = 0; k < 6; k++) addPerson("advisory", pick(footprints).orgs[0], weighted([["doctor", 1], ["nurse", 1], ["manager", 1]] as const), "advisory", programmeStart);
      addPerson("admin", null, "manager", "admin", programmeStart);
    })();

    // ---- cohorts, meetings, actions, report-backs ------------------------------
    type Share = [kind: string, actionId: string, reportId: string | null, meetingId: string, made: Made];
    const proposals: unknown[][] = [];
    const sharedQueue: Array<[id: string, kind: string, text: string, footprintId: string, month: string, themes: string[]]> = [];
    const alumni = footprints.map(() => [] as Array<{ id: string; free: number }>);
    const setNumber = new Map<string, number>();
    const counts = { actions: 0, reports: 0 };

    const decide = (facilitatorId: string, meetingEnd: number, month: string, footprintId: string, item: Share) => {
      const [kind, actionId, reportId, meetingId, made] = item;
      const u = rand();
      if (u >= SHARE_RATE + KEEP_RATE) return;
      const decidedAt = meetingEnd + between(2, 96) * 3_600_000;
      if (decidedAt > now) return; // not reviewed yet
      const themesJson = JSON.stringify(made.themes);
      if (u >= SHARE_RATE) {
        proposals.push([newId(), kind, actionId, reportId, meetingId, "keep", made.redacted, facilitatorId, decidedAt, null, null, null, null, themesJson]);
        return;
      }
      let withdrawnAt: number | null = null;
      let agreedAt: number | null = null;
      if (rand() < WITHDRAW_RATE) withdrawnAt = decidedAt + between(1, 6 * 24) * 3_600_000;
      else if (rand() < 0.35) agreedAt = decidedAt + between(6, 5 * 24) * 3_600_000;
      if (withdrawnAt !== null && withdrawnAt > now) withdrawnAt = null;
      if (agreedAt !== null && agreedAt > now) agreedAt = null;
      const due = agreedAt ?? decidedAt + NOTICE_DAYS * DAY;
      let sharedAt: number | null = null;
      let itemId: string | null = null;
      if (withdrawnAt === null && due <= now) {
        sharedAt = due;
        itemId = newId();
        sharedQueue.push([itemId, kind, made.redacted, footprintId, month, made.themes]);
      }
      proposals.push([newId(), kind, actionId, reportId, meetingId, "share", made.redacted, facilitatorId, decidedAt, withdrawnAt, agreedAt, sharedAt, itemId, themesJson]);
    };

    const reportStatus = (times: number) =>
      weighted([
        ["done", 45 + 10 * times],
        ["partly", 22],
        ["not_done", 18 - 4 * Math.min(times, 3)],
        ["dropped", 15 + 5 * times],
      ] as const);

    const writeCohort = (f: number, start: number) => {
      const fp = footprints[f];
      const termStart = monthStart(start);
      const termEnd = monthStart(start + TERM_MONTHS) - DAY;
      const cohortId = newId();
      const setKey = `${fp.id} ${monthLabel(start)}`;
      const n = (setNumber.get(setKey) ?? 0) + 1;
      setNumber.set(setKey, n);
      const facilitatorId = fp.facilitators[(start + n) % fp.facilitators.length];
      const coFacilitatorId = fp.facilitators.length > 1 && rand() < 0.25 ? fp.facilitators[(start + n + 1) % fp.facilitators.length] : null;
      const archivedAt = termEnd + 45 * DAY < now ? termEnd + 45 * DAY : null;
      ins.cohort.run(cohortId, `${fp.name} ${monthLabel(start)} Set ${n}`, fp.id, isoDay(termStart + 12 * 3_600_000), isoDay(termEnd + 12 * 3_600_000), facilitatorId, coFacilitatorId, archivedAt, termStart - 30 * DAY);
      rows++;

      // Members: mostly new leads, some coming back for a second set.
      const size = between(6, 8);
      const members: Array<{ id: string; leavesAfter: number; lastPresented: number; open: Array<{ id: string; theme: string | null; times: number; meetingAt: number }> }> = [];
      for (let k = 0; k < size; k++) {
        let id: string | null = null;
        if (rand() < 0.12) {
          const i = alumni[f].findIndex((a) => a.free < start);
          if (i >= 0) id = alumni[f].splice(i, 1)[0].id;
        }
        id ??= addPerson("lead", pick(fp.orgs), weighted(PROFESSION_WEIGHTS), "clinical_lead", termStart - 14 * DAY);
        const leavesAfter = rand() < 0.05 ? between(3, TERM_MONTHS - 2) : TERM_MONTHS;
        ins.membership.run(newId(), cohortId, id, termStart, leavesAfter < TERM_MONTHS ? monthStart(start + leavesAfter) + 5 * DAY : null);
        rows++;
        members.push({ id, leavesAfter, lastPresented: -1 - rand(), open: [] });
        alumni[f].push({ id, free: start + TERM_MONTHS });
      }

      const weekday = between(2, 4); // Tuesday to Thursday
      const week = between(0, 2);
      const hour = pick([10, 10, 14]);
      for (let m = 0; m < TERM_MONTHS && start + m <= currentMonth; m++) {
        const index = start + m;
        const first = new TZDate(Math.floor(index / 12), index % 12, 1, hour, 0, LONDON);
        const day = 1 + ((weekday - first.getDay() + 7) % 7) + 7 * week;
        const startsAt = new TZDate(Math.floor(index / 12), index % 12, day, hour, 0, LONDON).getTime();
        const endsAt = startsAt + 120 * 60_000;
        const cancelled = rand() < 0.02;
        const meetingId = newId();
        ins.meeting.run(meetingId, cohortId, startsAt, endsAt, `https://meet.national.example/${cohortId}`, cancelled ? "cancelled" : "scheduled", cancelled ? pick(CANCEL_REASONS) : null, termStart - 20 * DAY);
        rows++;
        if (cancelled || endsAt > now) continue;

        const month = monthLabel(index);
        const items: Share[] = [];
        const present = members.filter((p) => m < p.leavesAfter && rand() < 0.86);
        const absent = members.filter((p) => m < p.leavesAfter && !present.includes(p));

        // Report-backs on open actions: at the meeting, or now and then between meetings.
        for (const person of present) {
          for (const action of [...person.open]) {
            const status = reportStatus(action.times);
            action.times++;
            const between_ = rand() < 0.07;
            const reportedAt = between_ ? Math.min(startsAt - 3 * DAY, action.meetingAt + between(10, 20) * DAY) : startsAt + between(15, 90) * 60_000;
            const theme = (other: number) => (rand() < other ? (rand() < 0.4 ? null : themeFor(f, index)) : action.theme);
            let learned: Made | null = null;
            let obstacles: Made | null = null;
            let note = "";
            if (status === "done") {
              learned = kit.learned(theme(0.3), status);
              if (rand() < 0.3) obstacles = kit.obstacles(theme(0.5));
            } else if (status === "partly") {
              if (rand() < 0.8) learned = kit.learned(theme(0.3), status);
              obstacles = kit.obstacles(rand() < 0.3 ? "workload-and-rest" : theme(0.3));
            } else if (status === "not_done") {
              if (rand() < 0.3) learned = kit.learned(theme(0.4), status);
              obstacles = kit.obstacles(rand() < 0.35 ? "workload-and-rest" : theme(0.3));
            } else {
              note = kit.dropReason();
              if (rand() < 0.4) learned = kit.learned(theme(0.4), status);
              if (rand() < 0.4) obstacles = kit.obstacles(theme(0.4));
            }
            const reportId = newId();
            ins.report.run(reportId, action.id, between_ ? null : meetingId, status, learned?.text ?? "", obstacles?.text ?? "", note, person.id, reportedAt);
            rows++;
            counts.reports++;
            if (status === "done" || status === "dropped") {
              person.open.splice(person.open.indexOf(action), 1);
              ins.actionClosed.run(status, reportedAt, action.id);
            }
            if (!between_) {
              if (learned) items.push(["report_back", action.id, reportId, meetingId, learned]);
              if (obstacles) items.push(["barrier", action.id, reportId, meetingId, obstacles]);
            }
          }
        }
        // Open actions of those who sent apologies are carried forward when the meeting ends.
        for (const person of absent) {
          for (const action of person.open) {
            ins.report.run(newId(), action.id, meetingId, "carried", "", "", "", null, endsAt);
            rows++;
            counts.reports++;
          }
        }

        // Presenters and their actions.
        const presenters = [...present].sort((a, b) => a.lastPresented - b.lastPresented).slice(0, weighted([[2, 1], [3, 2], [4, 1]] as const));
        for (const person of presenters) {
          person.lastPresented = m + rand() * 0.5;
          const u = rand();
          const themes = u < 0.15 ? [] : u < 0.27 ? (() => { const a = themeFor(f, index); return [a, themeFor(f, index, a)]; })() : [themeFor(f, index)];
          const made = kit.action(themes);
          const actionId = newId();
          const createdAt = startsAt + between(30, 100) * 60_000;
          ins.action.run(
            actionId,
            cohortId,
            meetingId,
            person.id,
            made.text,
            rand() < 0.7 ? person.id : facilitatorId,
            rand() < 0.4 ? kit.successMeasure() : null,
            rand() < 0.35 ? isoDay(startsAt + between(28, 56) * DAY) : null,
            "open",
            createdAt,
            null,
          );
          rows++;
          counts.actions++;
          person.open.push({ id: actionId, theme: themes[0] ?? null, times: 0, meetingAt: startsAt });
          items.push(["action", actionId, null, meetingId, made]);
        }
        for (const item of items) decide(facilitatorId, endsAt, month, fp.id, item);
      }
    };

    log(`[seed-national] ${totalCohorts.toLocaleString("en-GB")} cohorts in 42 footprints, ${monthLabel(firstMonth)} to ${monthLabel(currentMonth)}, seed ${seed}`);
    // One transaction per batch of about ROWS_PER_BATCH rows (a cohort is never split).
    const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
    let committedAt = rows;
    let nextProgress = 1;
    sqlite.exec("begin");
    try {
      for (let k = 0; k < plan.length; k++) {
        writeCohort(plan[k].f, plan[k].start);
        if (rows - committedAt >= ROWS_PER_BATCH) {
          sqlite.exec("commit");
          sqlite.exec("begin");
          committedAt = rows;
        }
        while ((k + 1) * 10 >= nextProgress * plan.length && nextProgress <= 10) {
          log(
            `[seed-national] ${nextProgress * 10}%: ${(k + 1).toLocaleString("en-GB")} cohorts, ${counts.actions.toLocaleString("en-GB")} actions, ${counts.reports.toLocaleString("en-GB")} report-backs, ${rows.toLocaleString("en-GB")} rows, ${elapsed()}`,
          );
          nextProgress++;
        }
      }
      sqlite.exec("commit");
    } catch (error) {
      if (sqlite.inTransaction) sqlite.exec("rollback");
      throw error;
    }

    // ---- sharing: shared items in shuffled order (row order must not follow the sets), then proposals ----
    for (let i = sharedQueue.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [sharedQueue[i], sharedQueue[j]] = [sharedQueue[j], sharedQueue[i]];
    }
    const writeShared = sqlite.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const [id, kind, text, footprintId, month, themes] = sharedQueue[i];
        ins.sharedItem.run(id, kind, text, footprintId, month, JSON.stringify(themes));
        rows++;
        if (ins.itemTheme) for (const theme of themes) (ins.itemTheme.run(id, theme, footprintId, month), rows++);
      }
    });
    for (let i = 0; i < sharedQueue.length; i += ROWS_PER_BATCH) writeShared(i, Math.min(sharedQueue.length, i + ROWS_PER_BATCH));
    const writeProposals = sqlite.transaction((from: number, to: number) => {
      for (let i = from; i < to; i++) ins.proposal.run(...proposals[i]);
      rows += to - from;
    });
    for (let i = 0; i < proposals.length; i += ROWS_PER_BATCH) writeProposals(i, Math.min(proposals.length, i + ROWS_PER_BATCH));
    // The private rows counting the people behind shared items, as sharing writes them.
    rebuildContributors(sqlite);
    log(
      `[seed-national] sharing: ${proposals.length.toLocaleString("en-GB")} proposals, ${sharedQueue.length.toLocaleString("en-GB")} shared items, ${rows.toLocaleString("en-GB")} rows, ${elapsed()}`,
    );

    // ---- back to the app's settings, and the summary ---------------------------------
    sqlite.pragma("wal_checkpoint(TRUNCATE)");
    sqlite.pragma("synchronous = FULL");
    if (sqlite.pragma("synchronous", { simple: true }) !== 2) throw new Error("Could not restore synchronous=FULL");
    const tables = (sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name").all() as Array<{ name: string }>).map((t) => t.name);
    const tableCounts: Record<string, number> = {};
    for (const t of tables) tableCounts[t] = (sqlite.prepare(`select count(*) as n from "${t}"`).get() as { n: number }).n;
    conn.sqlite.close();
    const bytes = statSync(path).size + (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
    return { path, counts: tableCounts, bytes, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    if (sqlite.open) sqlite.close();
    throw error;
  }
}

// ---- command line ----------------------------------------------------------------

function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2),
    options: {
      db: { type: "string", default: "data/national.sqlite" },
      scale: { type: "string", default: "1" },
      seed: { type: "string", default: "1" },
      now: { type: "string" },
      force: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log("npm run seed:national -- [--db data/national.sqlite] [--scale 1] [--seed 1] [--now YYYY-MM-DD] [--force]");
    return;
  }
  const path = resolve(values.db);
  // Migrations are found from the repository root wherever this is run from.
  process.env.MIGRATIONS_PATH ??= resolve(dirname(fileURLToPath(import.meta.url)), "..", "db", "migrations");
  const now = values.now ? new Date(values.now) : undefined;
  if (now && Number.isNaN(now.getTime())) throw new RangeError(`--now is not a date: ${values.now}`);
  const summary = seedNational({ path, scale: Number(values.scale), seed: Number(values.seed), force: values.force, now, log: (line) => console.log(line) });
  const width = Math.max(...Object.keys(summary.counts).map((k) => k.length));
  console.log(`[seed-national] done in ${summary.seconds.toFixed(1)} s: ${summary.path}, ${(summary.bytes / 1024 / 1024).toFixed(1)} MB`);
  for (const [table, n] of Object.entries(summary.counts)) if (n) console.log(`  ${table.padEnd(width)} ${n.toLocaleString("en-GB").padStart(10)}`);
  const c = summary.counts;
  console.log(`  ${"actions + action_reports".padEnd(width)} ${((c.actions ?? 0) + (c.action_reports ?? 0)).toLocaleString("en-GB").padStart(10)}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    main();
  } catch (error) {
    console.error(`[seed-national] ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}
