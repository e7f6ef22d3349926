/**
 * The wellbeing check issue's journey: with the check switched on (PHQ-4
 * too), a participant takes the wellbeing check in a live meeting's
 * check-in, scores high, and alone sees their footprint's wellbeing hub and
 * the national support lines. The facilitator and another member see no
 * trace of it. Then the participant's own wellbeing page shows their answer
 * and lets them delete it. axe checks the panel and the page.
 */
import Database from "better-sqlite3";
import type { Page } from "@playwright/test";
import { expect, expectAccessible, signIn, test } from "./support";

const COHORT = "Cheshire & Merseyside Set A";
const DATABASE = "e2e/.tmp/e2e.sqlite";
const MEETING_PREFIX = "e2ewellbeing";
// The demo data's example hub for Cheshire & Merseyside (db/seed.ts).
const HUB = "Cheshire & Merseyside Staff Wellbeing Hub (example)";
const HUB_PHONE = "0300 123 4560";

function withDatabase<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(DATABASE);
  try {
    db.pragma("busy_timeout = 5000");
    return fn(db);
  } finally {
    db.close();
  }
}

/** The check switched on with the PHQ-4 (as an admin would on the settings page), and a meeting starting in 5 minutes. */
function prepare(): { meetingId: string } {
  return withDatabase((db) => {
    db.prepare(
      "insert into settings (key, value, updated_at) values ('wellbeingCheck', '2', ?) on conflict(key) do update set value = excluded.value, updated_at = excluded.updated_at",
    ).run(Date.now());
    const cohort = db.prepare("select id from cohorts where name = ?").get(COHORT) as { id: string } | undefined;
    if (!cohort) throw new Error(`No cohort called ${COHORT} in the e2e database`);
    const meetingId = `${MEETING_PREFIX}${Date.now().toString(36)}`;
    const startsAt = Date.now() + 5 * 60_000;
    db.prepare("insert into meetings (id, cohort_id, starts_at, ends_at, video_url) values (?, ?, ?, ?, ?)").run(
      meetingId,
      cohort.id,
      startsAt,
      startsAt + 2 * 3_600_000,
      "https://teams.microsoft.com/l/meetup-join/wellbeing-e2e",
    );
    return { meetingId };
  });
}

/** Back as the demo was: the check off, this test's meetings in the past, the lead's consent and answers gone. */
function tidyUp() {
  withDatabase((db) => {
    db.prepare("delete from settings where key = 'wellbeingCheck'").run();
    const ago = Date.now() - 3 * 3_600_000;
    db.prepare("update meetings set starts_at = ?, ends_at = ? where id like ? and starts_at > ?").run(ago, ago + 2 * 3_600_000 + 60_000, `${MEETING_PREFIX}%`, ago);
    const sarah = db.prepare("select id from users where email = 'lead@example.com'").get() as { id: string };
    db.prepare("delete from wellbeing_answers where user_id = ?").run(sarah.id);
    db.prepare("delete from wellbeing_consents where user_id = ?").run(sarah.id);
  });
}

test.afterEach(() => tidyUp());

const heading = (page: Page) => page.getByRole("heading", { level: 1 });
const button = (page: Page, name: string) => page.getByRole("button", { name, exact: true });
const panel = (page: Page) => page.getByRole("region", { name: "Wellbeing check (private)" });

test("a participant takes the wellbeing check in a live meeting, scores high, and alone sees their hub's details", async ({ page, browser, browserErrors }) => {
  test.setTimeout(90_000);
  const { meetingId } = prepare();
  const live = `/meetings/${meetingId}/live`;

  const facilitator = page;
  await signIn(facilitator, "facilitator@example.com");
  await facilitator.goto(live);
  await expect(heading(facilitator)).toHaveText("Waiting to start");

  const open = async (email: string) => {
    const context = await browser.newContext();
    const p = await context.newPage();
    p.on("pageerror", (e) => browserErrors.push(`${email} pageerror: ${e.message}`));
    p.on("console", (m) => {
      if (m.type() === "error") browserErrors.push(`${email} console.error: ${m.text()}`);
    });
    await signIn(p, email);
    await p.goto(live);
    return { page: p, context };
  };
  const sarah = await open("lead@example.com");
  const daniel = await open("daniel.mensah@example.com");

  await button(facilitator, "Start meeting").click();
  for (const m of [sarah, daniel]) {
    await button(m.page, "I agree").click();
    await expect(heading(m.page)).toHaveText("Opening");
    // Not before the check-in.
    await expect(panel(m.page)).toHaveCount(0);
  }
  await button(facilitator, "Next").click();
  for (const p of [facilitator, sarah.page, daniel.page]) await expect(heading(p)).toHaveText("Check-in");

  // --- Each member is asked privately whether to take part; the facilitator is not shown anything.
  await expect(panel(sarah.page)).toBeVisible();
  await expect(panel(daniel.page)).toBeVisible();
  await expect(panel(facilitator)).toHaveCount(0);
  await expectAccessible(sarah.page);
  await button(sarah.page, "Take part").click();

  // --- Sarah answers: arriving at 2, and high on the anxiety items.
  const sarahPanel = panel(sarah.page);
  await expect(sarahPanel.getByRole("group", { name: "How are you arriving today?" })).toBeVisible();
  await sarahPanel.getByRole("group", { name: "How are you arriving today?" }).getByLabel("2", { exact: true }).check();
  const item = (name: string) => sarahPanel.getByRole("group", { name });
  await item("Feeling nervous, anxious or on edge").getByLabel("Nearly every day").check();
  await item("Not being able to stop or control worrying").getByLabel("More than half the days").check();
  await item("Feeling down, depressed or hopeless").getByLabel("Several days").check();
  await item("Little interest or pleasure in doing things").getByLabel("Not at all").check();
  await expect(sarahPanel.getByText(/PHQ-4 © Kroenke K, Spitzer RL, Williams JBW, Löwe B, 2009/)).toBeVisible();
  await button(sarah.page, "Save my answers").click();

  // --- Her result, and where to get support: her footprint's hub and the national lines.
  await expect(sarahPanel.getByText("You said you are arriving at 2 out of 10.")).toBeVisible();
  await expect(sarahPanel.getByText(/Your anxiety score is 5 out of 6/)).toBeVisible();
  await expect(sarahPanel.getByText("Support is available")).toBeVisible();
  await expect(sarahPanel.getByRole("heading", { name: HUB })).toBeVisible();
  await expect(sarahPanel.getByRole("link", { name: HUB_PHONE })).toBeVisible();
  await expect(sarahPanel.getByText("Monday to Friday, 8am to 8pm")).toBeVisible();
  await expect(sarahPanel.getByText(/Text FRONTLINE to 85258/)).toBeVisible();
  await expect(sarahPanel.getByText(/Call 116 123/)).toBeVisible();
  await expectAccessible(sarah.page);

  // --- Nobody else sees any of it: not the facilitator, not another member (who is still only asked).
  await facilitator.reload();
  await expect(heading(facilitator)).toHaveText("Check-in");
  await daniel.page.reload();
  await expect(heading(daniel.page)).toHaveText("Check-in");
  for (const p of [facilitator, daniel.page]) {
    await expect(p.getByText(HUB)).toHaveCount(0);
    await expect(p.getByText("Support is available")).toHaveCount(0);
    await expect(p.getByText(/arriving at 2 out of 10/)).toHaveCount(0);
  }
  await expect(button(daniel.page, "Take part")).toBeVisible();

  // --- Her own wellbeing page: her answer over time, support, and deleting her answers.
  await sarah.page.goto("/wellbeing");
  await expect(heading(sarah.page)).toHaveText("Your wellbeing check");
  await expect(sarah.page.getByRole("table")).toContainText("2");
  await expect(sarah.page.getByRole("heading", { name: HUB })).toBeVisible();
  await expectAccessible(sarah.page);
  await button(sarah.page, "Delete my answers").click();
  await expect(sarah.page.getByText("You have no answers saved.")).toBeVisible();
  await button(sarah.page, "Stop taking part").click();
  await expect(sarah.page.getByText(/You stopped taking part on/)).toBeVisible();

  await sarah.context.close();
  await daniel.context.close();
});
