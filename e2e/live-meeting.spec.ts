/**
 * The live meeting issue's journey: a facilitator and three members of
 * "Cheshire & Merseyside Set A", each in their own browser, run a whole
 * meeting: start, agreement, check-in round, progress reports, bids (a draft
 * bid survives the stage moving away and back, and a reload), presenters,
 * airtime with an open-questions round during which one member drops off the
 * network and comes back to the same state, an action committed and one
 * written for the presenter and confirmed, process review, check-out, end.
 * axe checks the page for a member and for the facilitator.
 */
import Database from "better-sqlite3";
import type { Browser, BrowserContext, Page } from "@playwright/test";
import { expect, expectAccessible, signIn, test } from "./support";

const COHORT = "Cheshire & Merseyside Set A";
const DATABASE = "e2e/.tmp/e2e.sqlite";

const MEETING_PREFIX = "e2elive";
const OPEN_ACTION = "Shadow the bed manager for a day to see where discharges stall.";

function withDatabase<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(DATABASE);
  try {
    db.pragma("busy_timeout = 5000");
    return fn(db);
  } finally {
    db.close();
  }
}

/**
 * Written straight into the server's database (WAL: a second writer is
 * fine): a meeting starting in 5 minutes, and an open action Sarah committed
 * to at an earlier meeting, to report back on.
 */
function insertMeeting(): { meetingId: string } {
  return withDatabase((db) => {
    const cohort = db.prepare("select id from cohorts where name = ?").get(COHORT) as { id: string } | undefined;
    if (!cohort) throw new Error(`No cohort called ${COHORT} in the e2e database`);
    const sarah = db.prepare("select id from users where email = 'lead@example.com'").get() as { id: string };
    const stamp = Date.now().toString(36);
    const meetingId = `${MEETING_PREFIX}${stamp}`;
    const insert = db.prepare("insert into meetings (id, cohort_id, starts_at, ends_at, video_url) values (?, ?, ?, ?, ?)");
    const earlier = Date.now() - 28 * 86_400_000;
    insert.run(`${MEETING_PREFIX}past${stamp}`, cohort.id, earlier, earlier + 2 * 3_600_000, "https://teams.microsoft.com/l/meetup-join/live-e2e");
    db.prepare("insert into actions (id, cohort_id, meeting_id, owner_id, text, written_by, status, created_at) values (?, ?, ?, ?, ?, ?, 'open', ?)").run(
      `e2eaction${stamp}`,
      cohort.id,
      `${MEETING_PREFIX}past${stamp}`,
      sarah.id,
      OPEN_ACTION,
      sarah.id,
      earlier + 3_600_000,
    );
    const startsAt = Date.now() + 5 * 60_000;
    insert.run(meetingId, cohort.id, startsAt, startsAt + 2 * 3_600_000, "https://teams.microsoft.com/l/meetup-join/live-e2e");
    return { meetingId };
  });
}

/** Moves this test's meetings into the past, so later journeys see the cohort's upcoming meetings as before. */
function moveMeetingsToThePast() {
  withDatabase((db) => {
    const ago = Date.now() - 3 * 3_600_000;
    db.prepare("update meetings set starts_at = ?, ends_at = ? where id like ? and starts_at > ?").run(
      ago,
      ago + 2 * 3_600_000 + 60_000,
      `${MEETING_PREFIX}%`,
      ago,
    );
  });
}

test.afterEach(() => moveMeetingsToThePast());

function committedActions(meetingId: string) {
  return withDatabase(
    (db) =>
      db
        .prepare("select a.text, u.email, a.status from actions a join users u on u.id = a.owner_id where a.meeting_id = ? order by a.created_at")
        .all(meetingId) as Array<{ text: string; email: string; status: string }>,
  );
}

function reportsAt(meetingId: string) {
  return withDatabase(
    (db) =>
      db
        .prepare("select a.text, r.status, r.learned, r.obstacles from action_reports r join actions a on a.id = r.action_id where r.meeting_id = ?")
        .all(meetingId) as Array<{ text: string; status: string; learned: string; obstacles: string }>,
  );
}

const heading = (page: Page) => page.getByRole("heading", { level: 1 });
const button = (page: Page, name: string) => page.getByRole("button", { name, exact: true });
/** The current speaker in the turn order (marked with aria-current for screen readers). */
const speaker = (page: Page) => page.getByRole("region", { name: "Turn order" }).locator('[aria-current="true"]');

type Person = { page: Page; context: BrowserContext; name: string };

test("a facilitator and three members run a whole live meeting", async ({ page, browser, browserErrors }) => {
  test.setTimeout(120_000);
  const { meetingId } = insertMeeting();
  const live = `/meetings/${meetingId}/live`;

  // Browser errors in the members' windows fail the test too; a dropped network while offline is expected.
  let offline = false;
  const watch = (p: Page, who: string) => {
    p.on("pageerror", (e) => browserErrors.push(`${who} pageerror: ${e.message}`));
    p.on("console", (m) => {
      if (m.type() !== "error") return;
      if (offline && /WebSocket|ERR_INTERNET_DISCONNECTED|Failed to load resource/i.test(m.text())) return;
      browserErrors.push(`${who} console.error: ${m.text()}`);
    });
  };

  async function member(b: Browser, email: string, name: string): Promise<Person> {
    const context = await b.newContext();
    const p = await context.newPage();
    watch(p, email);
    await signIn(p, email);
    return { page: p, context, name };
  }

  // --- The facilitator opens the live meeting from the meeting page (it opens 15 minutes before).
  const facilitator = page;
  await signIn(facilitator, "facilitator@example.com");
  await facilitator.goto(`/meetings/${meetingId}`);
  await facilitator.getByRole("link", { name: "Open the live meeting" }).click();
  await expect(facilitator).toHaveURL(new RegExp(`${live}$`));
  await expect(heading(facilitator)).toHaveText("Waiting to start");
  await expect(facilitator.getByRole("status").filter({ hasText: "Connected" })).toBeVisible();

  // --- Three members join; until they agree they see only the agreement.
  const [sarah, daniel, chloe] = await Promise.all([
    member(browser, "lead@example.com", "Sarah Whitfield"),
    member(browser, "daniel.mensah@example.com", "Daniel Mensah"),
    member(browser, "chloe.brennan@example.com", "Chloe Brennan"),
  ]);
  const members = [sarah, daniel, chloe];
  await sarah.page.goto(`/meetings/${meetingId}`);
  await sarah.page.getByRole("link", { name: "Open the live meeting" }).click();
  await Promise.all([daniel.page.goto(live), chloe.page.goto(live)]);
  for (const m of members) {
    await expect(heading(m.page)).toHaveText("Before you join: the confidentiality agreement");
    await expect(m.page.getByText("Everything said in the set stays in the set.")).toBeVisible();
    await expect(button(m.page, "Raise hand")).toHaveCount(0);
  }
  await expectAccessible(sarah.page);
  await expect(facilitator.getByRole("heading", { name: "Here now (4)" })).toBeVisible();

  await button(facilitator, "Start meeting").click();
  await expect(heading(facilitator)).toHaveText("Opening");
  await expectAccessible(facilitator);
  for (const m of members) {
    await button(m.page, "I agree").click();
    await expect(heading(m.page)).toHaveText("Opening");
  }
  await expect(facilitator.getByText("3 of 7 members have accepted")).toBeVisible();

  // --- Check-in: round the set in name order; each passes or is done.
  await button(facilitator, "Next").click();
  for (const p of [facilitator, ...members.map((m) => m.page)]) await expect(heading(p)).toHaveText("Check-in");
  await expect(speaker(facilitator)).toContainText("Chloe Brennan");
  await expect(chloe.page.getByText("It is your turn.")).toBeVisible();
  await expectAccessible(chloe.page);
  await button(chloe.page, "Pass").click();
  await expect(speaker(daniel.page)).toContainText("Daniel Mensah");
  // Her Pass button went with her turn; focus moved to the heading, not the top of the page.
  await expect(heading(chloe.page)).toBeFocused();
  await button(daniel.page, "Done speaking").click();
  await expect(speaker(sarah.page)).toContainText("Sarah Whitfield");
  await button(sarah.page, "Pass").click();
  await expect(facilitator.getByText("Everyone has had their turn.")).toBeVisible();

  // --- Progress reports: Sarah reports back on her action from the last meeting.
  await button(facilitator, "Next").click();
  await expect(heading(sarah.page)).toHaveText("Progress reports");
  await expect(sarah.page.getByRole("heading", { name: "Your actions" })).toBeVisible();
  await expect(daniel.page.getByRole("heading", { name: "Sarah Whitfield's actions" })).toBeVisible();
  await sarah.page.getByRole("button", { name: "Save my report-back" }).click();
  await expect(sarah.page.getByText("Choose how the action went")).toBeVisible();
  await sarah.page.getByLabel("Partly done").check();
  await sarah.page.getByLabel("What I learned").fill("Most delays start before noon.");
  await sarah.page.getByLabel("What got in the way").fill("Winter pressures cancelled two shadowing days.");
  await sarah.page.getByRole("button", { name: "Save my report-back" }).click();
  await expect(facilitator.getByText("Most delays start before noon.")).toBeVisible();
  await expect(facilitator.getByRole("definition").filter({ hasText: "Partly done" })).toBeVisible();

  // --- Bids. Daniel's unsent bid survives the stage moving away and back.
  await button(facilitator, "Next").click();
  await expect(heading(daniel.page)).toHaveText("Bids");
  const danielBid = "How do I get consultants to engage with the new discharge pathway?";
  await daniel.page.getByLabel("Your bid, in one sentence").fill(danielBid);
  await expect(daniel.page.getByText(`You have ${200 - danielBid.length} characters remaining`).first()).toBeVisible();
  await button(facilitator, "Go back").click();
  await expect(heading(daniel.page)).toHaveText("Progress reports");
  await expect(daniel.page.getByLabel("Your bid, in one sentence")).toHaveCount(0);
  await button(facilitator, "Next").click();
  await expect(heading(daniel.page)).toHaveText("Bids");
  await expect(daniel.page.getByLabel("Your bid, in one sentence")).toHaveValue(danielBid);
  await button(daniel.page, "Send my bid").click();
  await expect(daniel.page.getByText(`You bid: ${danielBid}`)).toBeVisible();
  await expect(daniel.page.getByLabel("Change your bid, in one sentence")).toHaveValue("");

  // Sarah's unsent bid survives a reload too (the browser asks before leaving with unsent text).
  const sarahBid = "Keeping a new nurse-led clinic going when two posts are vacant.";
  await sarah.page.getByLabel("Your bid, in one sentence").fill(sarahBid);
  const asked = new Promise<string>((resolve) =>
    sarah.page.once("dialog", (dialog) => {
      resolve(dialog.type());
      void dialog.accept();
    }),
  );
  await sarah.page.reload();
  expect(await asked).toBe("beforeunload");
  await expect(heading(sarah.page)).toHaveText("Bids");
  await expect(sarah.page.getByLabel("Your bid, in one sentence")).toHaveValue(sarahBid);
  await button(sarah.page, "Send my bid").click();
  await expect(facilitator.getByRole("heading", { name: "Bids (2)" })).toBeVisible();

  // The facilitator chooses Daniel to present, with 10 minutes.
  const daniels = facilitator.getByRole("group", { name: "Daniel Mensah" });
  await daniels.getByLabel("Order").selectOption({ label: "First" });
  await daniels.getByLabel("Airtime (minutes)").fill("10");
  await expectAccessible(facilitator);
  await button(facilitator, "Save presenters").click();
  await expect(chloe.page.getByRole("heading", { name: "Presenters" })).toBeVisible();
  await expect(chloe.page.getByText("Daniel Mensah, 10 minutes")).toBeVisible();

  // --- Daniel's airtime: present → clarifying → open questions.
  await button(facilitator, "Next").click();
  await expect(heading(daniel.page)).toHaveText("Airtime for Daniel Mensah: presenting");
  await expect(daniel.page.getByRole("timer")).toHaveText(/^\d+:\d\d$/);
  await button(facilitator, "Next").click();
  await expect(heading(chloe.page)).toHaveText("Airtime for Daniel Mensah: clarifying questions");
  await button(facilitator, "Next").click();
  for (const p of [facilitator, ...members.map((m) => m.page)]) await expect(heading(p)).toHaveText("Airtime for Daniel Mensah: open questions");
  await expect(speaker(sarah.page)).toContainText("Chloe Brennan");

  // Sarah drops off the network; the others carry on.
  offline = true;
  await sarah.context.setOffline(true);
  await expect(sarah.page.getByText("Reconnecting…")).toBeVisible();
  // What she presses while offline waits ("Saving…") and is sent when she is back.
  await button(sarah.page, "Raise hand").click();
  await expect(sarah.page.getByRole("button", { name: "Saving…" })).toBeVisible();
  await button(daniel.page, "Pass on this question").click();
  await expect(facilitator.getByText("Daniel Mensah passed on that question")).toBeVisible();
  await button(chloe.page, "Done speaking").click();
  await expect(speaker(facilitator)).toContainText("Sarah Whitfield");

  // Back online: the same stage and speaker within a few seconds, and her raised hand went through.
  await sarah.context.setOffline(false);
  await expect(sarah.page.getByRole("status").filter({ hasText: "Connected" })).toBeVisible({ timeout: 10_000 });
  offline = false;
  await expect(heading(sarah.page)).toHaveText("Airtime for Daniel Mensah: open questions");
  await expect(speaker(sarah.page)).toContainText("Sarah Whitfield");
  await expect(sarah.page.getByText("It is your turn.")).toBeVisible();
  await expect(button(sarah.page, "Lower hand")).toBeVisible();
  await expect(facilitator.getByText(/Hand raised/)).toBeVisible();
  await button(sarah.page, "Done speaking").click();
  await expect(facilitator.getByText("Everyone has had their turn.")).toBeVisible();

  // --- Reflect, then commit: Daniel states his action; the facilitator writes a second one, which Daniel confirms.
  await button(facilitator, "Next").click();
  await expect(heading(daniel.page)).toHaveText("Airtime for Daniel Mensah: reflecting");
  await button(facilitator, "Next").click();
  await expect(heading(daniel.page)).toHaveText("Airtime for Daniel Mensah: committing to an action");
  const action = "Meet the two ward consultants before the next meeting to agree one change to the discharge checklist.";
  await daniel.page.getByRole("textbox", { name: "Your action" }).fill(action);
  await expectAccessible(daniel.page);
  await button(daniel.page, "Commit to this action").click();
  await expect(chloe.page.getByRole("listitem").filter({ hasText: action })).toContainText("Confirmed");
  const written = "Ask the discharge lead for last month's delayed-discharge figures.";
  await facilitator.getByLabel("Write an action for Daniel Mensah").fill(written);
  await button(facilitator, "Write this action for Daniel Mensah").click();
  await expect(facilitator.getByText("Waiting for Daniel Mensah to confirm")).toBeVisible();
  await button(daniel.page, "Confirm this action").click();
  await expect(facilitator.getByRole("listitem").filter({ hasText: written })).toContainText("Confirmed");

  // --- Process review, check-out (round), end.
  await button(facilitator, "Next").click();
  await expect(heading(sarah.page)).toHaveText("Process review");
  await button(facilitator, "Next").click();
  await expect(heading(sarah.page)).toHaveText("Check-out");
  await button(chloe.page, "Done speaking").click();
  await button(daniel.page, "Pass").click();
  await button(sarah.page, "Done speaking").click();
  await expect(facilitator.getByText("Everyone has had their turn.")).toBeVisible();
  await button(facilitator, "End meeting").click();
  await expect(facilitator.getByRole("heading", { name: /End the meeting for everyone\?/ })).toBeFocused();
  await button(facilitator, "Yes, end the meeting").click();
  for (const p of [facilitator, ...members.map((m) => m.page)]) await expect(heading(p)).toHaveText("Meeting ended");
  await expect(sarah.page.getByRole("listitem").filter({ hasText: action })).toContainText("Daniel Mensah");

  // The committed actions and the report-back are on record.
  expect(committedActions(meetingId)).toEqual([
    { text: action, email: "daniel.mensah@example.com", status: "open" },
    { text: written, email: "daniel.mensah@example.com", status: "open" },
  ]);
  expect(reportsAt(meetingId)).toEqual([
    { text: OPEN_ACTION, status: "partly", learned: "Most delays start before noon.", obstacles: "Winter pressures cancelled two shadowing days." },
  ]);
  for (const m of members) await m.context.close();

  // Afterwards the facilitator's attendance list starts from who joined the live meeting.
  moveMeetingsToThePast();
  await facilitator.goto(`/meetings/${meetingId}`);
  const attendance = facilitator.getByRole("group", { name: "Tick everyone who attended" });
  await expect(attendance.getByText("Ticked from who joined the live meeting")).toBeVisible();
  for (const name of ["Sarah Whitfield", "Daniel Mensah", "Chloe Brennan"]) await expect(attendance.getByLabel(name)).toBeChecked();
  for (const name of ["Imran Qureshi", "Rebecca Holt", "Zainab Ali", "Liam Gallagher-Price"]) await expect(attendance.getByLabel(name)).not.toBeChecked();
});
