/**
 * Demo data for a newcomer: the North West region with its three footprints,
 * a dozen organisations across settings, an admin, two facilitators, an
 * advisory member, twenty clinical leads and three cohorts. Each cohort has
 * held two meetings: actions committed at the first were reported back at the
 * second, and the facilitators shared some of them, de-identified, so the
 * advisory page has a recurring theme to show. Written only into an empty
 * database (no people yet), so it never touches real data.
 */
import { randomBytes } from "node:crypto";
import { hash } from "@node-rs/argon2";
import { encodeBase32LowerCaseNoPadding } from "@oslojs/encoding";
import { count, eq } from "drizzle-orm";
import type { Connection } from "./client";
import { writeContributors } from "./contributors";
import {
  actionReports,
  actions,
  cohortMemberships,
  cohorts,
  footprints,
  meetings,
  shareProposals,
  sharedItemThemes,
  sharedItems,
  organisations,
  regions,
  userRoles,
  users,
  type Profession,
  type Role,
  type Setting,
} from "./schema";

export const DEMO_PASSWORD = "demo-password-2026";

const id = () => encodeBase32LowerCaseNoPadding(randomBytes(10));

const FOOTPRINTS = ["Cheshire & Merseyside", "Greater Manchester", "Lancashire & South Cumbria"] as const;

/**
 * What four members of each set committed to at the first demo meeting, how
 * it went at the second, and the themes their facilitator chose when sharing
 * it (codebook ids). Workload comes up in every set; that is the recurring
 * theme the advisory group sees flagged.
 */
const DEMO_ACTIONS: Array<{ action: string; status: "done" | "not_done"; learned: string; obstacles: string; themes: string[] }> = [
  {
    action: "Take my full 30-minute break on every long day, away from the ward.",
    status: "not_done",
    learned: "I only manage a break when someone covers my bleep.",
    obstacles: "Two vacancies on the rota meant there was never anyone to hand over to.",
    themes: ["workload-and-rest"],
  },
  {
    action: "Leave on time at least twice a week and hand over properly.",
    status: "done",
    learned: "Planning the handover at lunchtime makes leaving on time possible.",
    obstacles: "",
    themes: ["workload-and-rest", "self-care-and-boundaries"],
  },
  {
    action: "Ask my manager for protected admin time so I stop catching up at home.",
    status: "not_done",
    learned: "I had not said out loud how many hours I was doing.",
    obstacles: "Clinic numbers went up again and the admin session was cancelled.",
    themes: ["workload-and-rest"],
  },
  {
    action: "Start a ten-minute huddle at the start of each shift so the team can say how they are.",
    status: "done",
    learned: "People open up more when it is a routine rather than a crisis.",
    obstacles: "",
    themes: ["peer-support", "team-communication"],
  },
];

const ORGANISATIONS: Array<[name: string, ods: string | null, setting: Setting, footprint: number]> = [
  ["Liverpool University Hospitals NHS Foundation Trust", "REM", "acute", 0],
  ["Mersey Care NHS Foundation Trust", "RW4", "mental_health", 0],
  ["Wirral Community Health and Care NHS Foundation Trust", "RY7", "community", 0],
  ["Cheshire West Place Primary Care Network (demo)", null, "primary_care", 0],
  ["Manchester University NHS Foundation Trust", "R0A", "acute", 1],
  ["Greater Manchester Mental Health NHS Foundation Trust", "RXV", "mental_health", 1],
  ["North West Ambulance Service NHS Trust", "RX7", "ambulance", 1],
  ["Salford Adult Social Care (demo)", null, "social_care", 1],
  ["Lancashire Teaching Hospitals NHS Foundation Trust", "RXN", "acute", 2],
  ["University Hospitals of Morecambe Bay NHS Foundation Trust", "RTX", "acute", 2],
  ["Lancashire & South Cumbria NHS Foundation Trust", "RW5", "mental_health", 2],
  ["Fylde Coast GP Federation (demo)", null, "primary_care", 2],
];

type DemoPerson = { name: string; email: string; profession: Profession; org: number; roles: Role[] };

const STAFF: DemoPerson[] = [
  { name: "Amina Rahman", email: "admin@example.com", profession: "manager", org: 4, roles: ["admin"] },
  { name: "Priya Shah", email: "facilitator@example.com", profession: "psychologist", org: 1, roles: ["facilitator"] },
  { name: "Gareth Lloyd", email: "facilitator2@example.com", profession: "nurse", org: 10, roles: ["facilitator", "advisory"] },
  { name: "Tom Okafor", email: "advisory@example.com", profession: "doctor", org: 5, roles: ["advisory"] },
];

const LEADS: Array<[name: string, profession: Profession, org: number]> = [
  ["Sarah Whitfield", "nurse", 0],
  ["Daniel Mensah", "doctor", 0],
  ["Chloe Brennan", "ahp", 2],
  ["Imran Qureshi", "pharmacist", 3],
  ["Rebecca Holt", "midwife", 0],
  ["Liam Gallagher-Price", "paramedic", 6],
  ["Zainab Ali", "psychologist", 1],
  ["Helen McAllister", "nurse", 4],
  ["Oluwaseun Adeyemi", "doctor", 4],
  ["Katie Rowlands", "ahp", 5],
  ["Mark Bentley", "paramedic", 6],
  ["Fatima Begum", "gp", 7],
  ["Joanne Doyle", "manager", 7],
  ["Niamh O'Connor", "nurse", 5],
  ["Rachel Thornton", "midwife", 8],
  ["Ahmed Hussain", "doctor", 9],
  ["Emma Fairclough", "nurse", 10],
  ["Stuart Kirkby", "paramedic", 6],
  ["Lucy Pemberton", "gp", 11],
  ["Josef Nowak", "ahp", 9],
];

function isoDate(d: Date) {
  return d.toISOString().slice(0, 10);
}

export async function seedDemo(conn: Connection, now = new Date()): Promise<string[]> {
  const { db } = conn;
  const existing = db.select({ n: count() }).from(users).get();
  if (existing && existing.n > 0) return [];

  const passwordHash = await hash(DEMO_PASSWORD);
  const termStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 2, 1));
  const termEnd = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 10, 0));

  db.transaction(
    (tx) => {
      // The regions come with the migrations; the demo lives in the North West.
      const region = tx.select({ id: regions.id }).from(regions).where(eq(regions.name, "North West")).get();
      const regionId = region?.id ?? id();
      if (!region) tx.insert(regions).values({ id: regionId, name: "North West" }).run();
      const footprintIds = FOOTPRINTS.map((name, i) => {
        const footprintId = id();
        // Example wellbeing hub details (not real services), for the wellbeing check's signposting.
        const hub = {
          hubName: `${name} Staff Wellbeing Hub (example)`,
          hubPhone: `0300 123 456${i}`,
          hubUrl: `https://example.org/${["cheshire-merseyside", "greater-manchester", "lancashire-south-cumbria"][i]}-staff-wellbeing-hub`,
          hubHours: "Monday to Friday, 8am to 8pm",
        };
        tx.insert(footprints).values({ id: footprintId, regionId, name, ...hub }).run();
        return footprintId;
      });
      const orgIds = ORGANISATIONS.map(([name, odsCode, setting, fp]) => {
        const orgId = id();
        tx.insert(organisations).values({ id: orgId, name, odsCode, setting, footprintId: footprintIds[fp] }).run();
        return orgId;
      });
      const addPerson = (p: DemoPerson) => {
        const userId = id();
        tx.insert(users)
          .values({
            id: userId,
            name: p.name,
            email: p.email,
            emailNormalised: p.email.toLowerCase(),
            organisationId: orgIds[p.org],
            profession: p.profession,
            status: "active",
            passwordHash,
          })
          .run();
        for (const role of p.roles) tx.insert(userRoles).values({ userId, role }).run();
        return userId;
      };
      const staffIds = STAFF.map(addPerson);
      const leadIds = LEADS.map(([name, profession, org], i) =>
        addPerson({
          name,
          profession,
          org,
          roles: ["clinical_lead"],
          email: i === 0 ? "lead@example.com" : `${name.toLowerCase().replace(/[^a-z]+/g, ".")}@example.com`,
        }),
      );
      const [facilitator1, facilitator2] = [staffIds[1], staffIds[2]];
      const cohortPlan: Array<[name: string, fp: number, facilitator: string, co: string | null, members: number[]]> = [
        ["Cheshire & Merseyside Set A", 0, facilitator1, null, [0, 1, 2, 3, 4, 6, 5]],
        ["Greater Manchester Set A", 1, facilitator1, facilitator2, [7, 8, 9, 10, 11, 12, 13]],
        ["Lancashire & South Cumbria Set A", 2, facilitator2, null, [14, 15, 16, 17, 18, 19]],
      ];
      for (const [name, fp, facilitatorId, coFacilitatorId, members] of cohortPlan) {
        const cohortId = id();
        tx.insert(cohorts)
          .values({
            id: cohortId,
            name,
            footprintId: footprintIds[fp],
            termStart: isoDate(termStart),
            termEnd: isoDate(termEnd),
            facilitatorId,
            coFacilitatorId,
          })
          .run();
        for (const m of members) {
          tx.insert(cohortMemberships)
            .values({ id: id(), cohortId, userId: leadIds[m], joinedAt: termStart.getTime() })
            .run();
        }
        seedMeetingHistory(tx, { cohortId, footprintId: footprintIds[fp], facilitatorId, memberIds: members.map((m) => leadIds[m]), now });
      }
    },
    { behavior: "immediate" },
  );

  return [
    ...STAFF.map((p) => `${p.roles.join(" + ").padEnd(22)} ${p.email}`),
    `${"clinical_lead".padEnd(22)} lead@example.com`,
    `password for all of them: ${DEMO_PASSWORD}`,
  ];
}

type Tx = Parameters<Parameters<Connection["db"]["transaction"]>[0]>[0];

/** 10:00-12:00 UTC on the second Tuesday of the month `monthsAgo` before `now`. */
function pastMeetingStart(now: Date, monthsAgo: number) {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - monthsAgo, 1, 10));
  const firstTuesday = 1 + ((9 - first.getUTCDay()) % 7);
  return Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), firstTuesday + 7, 10);
}

/**
 * Two past meetings of a cohort: four members commit to actions at the
 * first and report back at the second (so nothing is left open for the next
 * live meeting); the facilitator shared each action and each barrier,
 * de-identified, and the owners let the notice period pass.
 */
function seedMeetingHistory(tx: Tx, input: { cohortId: string; footprintId: string; facilitatorId: string; memberIds: string[]; now: Date }) {
  const meetingIds = [2, 1].map((monthsAgo) => {
    const meetingId = id();
    const startsAt = pastMeetingStart(input.now, monthsAgo);
    tx.insert(meetings)
      .values({ id: meetingId, cohortId: input.cohortId, startsAt, endsAt: startsAt + 2 * 3_600_000, videoUrl: "https://teams.microsoft.com/l/meetup-join/demo" })
      .run();
    return { meetingId, startsAt, month: new Date(startsAt).toISOString().slice(0, 7) };
  });
  const [first, second] = meetingIds;
  DEMO_ACTIONS.forEach((a, i) => {
    const ownerId = input.memberIds[i];
    const actionId = id();
    tx.insert(actions)
      .values({ id: actionId, cohortId: input.cohortId, meetingId: first.meetingId, ownerId, text: a.action, writtenBy: ownerId, status: a.status === "done" ? "done" : "open", createdAt: first.startsAt + 3_600_000 })
      .run();
    const reportId = id();
    tx.insert(actionReports)
      .values({ id: reportId, actionId, meetingId: second.meetingId, status: a.status, learned: a.learned, obstacles: a.obstacles, reportedBy: ownerId, reportedAt: second.startsAt + 1_800_000 })
      .run();
    // An action not done was dropped at the same meeting, so no open action waits for the next live meeting.
    if (a.status === "not_done") {
      tx.insert(actionReports)
        .values({
          id: id(),
          actionId,
          meetingId: second.meetingId,
          status: "dropped",
          note: "I will bring a new action to the next meeting instead.",
          reportedBy: ownerId,
          reportedAt: second.startsAt + 3_600_000,
        })
        .run();
      tx.update(actions).set({ status: "dropped" }).where(eq(actions.id, actionId)).run();
    }
    const share = (kind: "action" | "report_back" | "barrier", text: string, meeting: typeof first, report: string | null) => {
      const itemId = id();
      tx.insert(sharedItems).values({ id: itemId, kind, text, footprintId: input.footprintId, month: meeting.month, themeIds: JSON.stringify(a.themes) }).run();
      for (const themeId of a.themes) tx.insert(sharedItemThemes).values({ sharedItemId: itemId, themeId, footprintId: input.footprintId, month: meeting.month }).run();
      tx.insert(shareProposals)
        .values({
          id: id(),
          kind,
          actionId,
          reportId: report,
          meetingId: meeting.meetingId,
          decision: "share",
          redactedText: text,
          themeIds: JSON.stringify(a.themes),
          decidedBy: input.facilitatorId,
          decidedAt: meeting.startsAt + 3 * 3_600_000,
          sharedAt: meeting.startsAt + 8 * 86_400_000,
          sharedItemId: itemId,
        })
        .run();
      writeContributors(tx, itemId);
    };
    share("action", a.action, first, null);
    share("report_back", a.learned, second, reportId);
    if (a.obstacles) share("barrier", a.obstacles, second, reportId);
  });
}
