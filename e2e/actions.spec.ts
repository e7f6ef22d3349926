/**
 * The actions issue's journey, in "Greater Manchester Set A": Helen presents
 * at one live meeting and commits to an action; at the next meeting she
 * reports it "partly done" with what got in the way (naming a colleague in
 * the set and giving a phone number); afterwards the facilitator reviews the
 * meeting for sharing and sees that barrier de-identified beside the
 * original, and shares it; Helen sees the proposal and her action's whole
 * history in My actions. axe checks the review page and My actions.
 */
import Database from "better-sqlite3";
import type { Page } from "@playwright/test";
import { expect, expectAccessible, signIn, test } from "./support";

const COHORT = "Greater Manchester Set A";
const DATABASE = "e2e/.tmp/e2e.sqlite";
const PREFIX = "e2eactions";

function withDatabase<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(DATABASE);
  try {
    db.pragma("busy_timeout = 5000");
    return fn(db);
  } finally {
    db.close();
  }
}

/** A meeting of the set starting in 5 minutes (the room opens 15 minutes before). */
function insertMeeting(label: string): string {
  return withDatabase((db) => {
    const cohort = db.prepare("select id from cohorts where name = ?").get(COHORT) as { id: string };
    const id = `${PREFIX}${label}${Date.now().toString(36)}`;
    const startsAt = Date.now() + 5 * 60_000;
    db.prepare("insert into meetings (id, cohort_id, starts_at, ends_at, video_url) values (?, ?, ?, ?, ?)").run(
      id,
      cohort.id,
      startsAt,
      startsAt + 2 * 3_600_000,
      "https://teams.microsoft.com/l/meetup-join/actions-e2e",
    );
    return id;
  });
}

/** Moves a meeting back in time, as if it happened `daysAgo` days ago. */
function moveToThePast(meetingId: string, daysAgo: number) {
  withDatabase((db) => {
    const startsAt = Date.now() - daysAgo * 86_400_000;
    db.prepare("update meetings set starts_at = ?, ends_at = ? where id = ?").run(startsAt, startsAt + 2 * 3_600_000, meetingId);
  });
}

test.afterEach(() => {
  withDatabase((db) => {
    const ago = Date.now() - 3 * 3_600_000;
    db.prepare("update meetings set starts_at = ?, ends_at = ? where id like ? and starts_at > ?").run(ago, ago + 2 * 3_600_000, `${PREFIX}%`, ago);
  });
});

const heading = (page: Page) => page.getByRole("heading", { level: 1 });
const button = (page: Page, name: string) => page.getByRole("button", { name, exact: true });

async function endMeeting(facilitator: Page, helen: Page) {
  await button(facilitator, "End meeting").click();
  await button(facilitator, "Yes, end the meeting").click();
  for (const p of [facilitator, helen]) await expect(heading(p)).toHaveText("Meeting ended");
}

async function openAndStart(facilitator: Page, helen: Page, meetingId: string) {
  await facilitator.goto(`/meetings/${meetingId}/live`);
  await expect(facilitator.getByRole("status").filter({ hasText: "Connected" })).toBeVisible();
  await helen.goto(`/meetings/${meetingId}/live`);
  await button(helen, "I agree").click();
  await button(facilitator, "Start meeting").click();
  await expect(heading(helen)).toHaveText("Opening");
  await button(facilitator, "Next").click();
  await expect(heading(helen)).toHaveText("Check-in");
  await button(facilitator, "Skip stage").click();
  await expect(heading(helen)).toHaveText("Progress reports");
}

test("an action from commitment to report-back, de-identified sharing and the owner's history", async ({ page, browser, browserErrors }) => {
  test.setTimeout(120_000);
  const facilitator = page;
  await signIn(facilitator, "facilitator@example.com");
  const helenContext = await browser.newContext();
  const helen = await helenContext.newPage();
  helen.on("pageerror", (e) => browserErrors.push(`helen pageerror: ${e.message}`));
  helen.on("console", (m) => m.type() === "error" && browserErrors.push(`helen console.error: ${m.text()}`));
  await signIn(helen, "helen.mcallister@example.com");

  // --- First meeting: Helen bids, presents and commits to an action.
  const first = insertMeeting("one");
  await openAndStart(facilitator, helen, first);
  await button(facilitator, "Next").click();
  await expect(heading(helen)).toHaveText("Bids");
  await helen.getByLabel("Your bid, in one sentence").fill("I keep staying late and it is wearing me down.");
  await button(helen, "Send my bid").click();
  const helens = facilitator.getByRole("group", { name: "Helen McAllister" });
  await helens.getByLabel("Order").selectOption({ label: "First" });
  await helens.getByLabel("Airtime (minutes)").fill("10");
  await button(facilitator, "Save presenters").click();
  await expect(helen.getByText("Helen McAllister, 10 minutes")).toBeVisible();
  await button(facilitator, "Next").click();
  await expect(heading(helen)).toHaveText("Airtime for Helen McAllister: presenting");
  await button(facilitator, "Next").click();
  await button(facilitator, "Next").click();
  await expect(heading(helen)).toHaveText("Airtime for Helen McAllister: open questions");
  // Only Helen's colleagues are asked open questions, and they are not here: the facilitator moves the turn on to the end of the round.
  for (let i = 0; i < 10 && (await heading(facilitator).textContent()) === "Airtime for Helen McAllister: open questions"; i++) {
    await button(facilitator, "Next").click();
    await facilitator.waitForTimeout(150);
  }
  await expect(heading(helen)).toHaveText("Airtime for Helen McAllister: reflecting");
  await button(facilitator, "Next").click();
  await expect(heading(helen)).toHaveText("Airtime for Helen McAllister: committing to an action");
  const action = "Leave on time twice a week and hand over to the nurse in charge at 19:30.";
  await helen.getByRole("textbox", { name: "Your action" }).fill(action);
  await button(helen, "Commit to this action").click();
  await expect(facilitator.getByRole("listitem").filter({ hasText: action })).toContainText("Confirmed");
  await endMeeting(facilitator, helen);
  moveToThePast(first, 28);

  // --- Next meeting: Helen reports back "partly done", with what got in the way.
  const second = insertMeeting("two");
  await openAndStart(facilitator, helen, second);
  await expect(helen.getByRole("heading", { name: "Your actions" })).toBeVisible();
  await expect(helen.getByText(action)).toBeVisible();
  await helen.getByLabel("Partly done").check();
  await helen.getByLabel("What I learned").fill("Handing over at 19:30 works when I plan it at lunchtime.");
  const barrier = "Mark Bentley kept ringing me on 07700 900123 after I had gone home.";
  await helen.getByLabel("What got in the way").fill(barrier);
  await helen.getByRole("button", { name: "Save my report-back" }).click();
  await expect(facilitator.getByText("Handing over at 19:30 works")).toBeVisible();
  await endMeeting(facilitator, helen);
  moveToThePast(second, 1);

  // --- The facilitator reviews the meeting for sharing: the barrier is shown de-identified beside the original.
  await facilitator.goto("/facilitator");
  await expect(facilitator.getByRole("region", { name: "To review for sharing" })).toContainText(COHORT);
  await facilitator.goto(`/meetings/${second}/share`);
  await expect(heading(facilitator)).toHaveText("Share beyond the set");
  const card = facilitator.getByRole("region", { name: "What got in the way, from Helen McAllister" });
  await expect(card.getByText(barrier)).toBeVisible();
  const deidentified = card.getByLabel("De-identified text to share");
  await expect(deidentified).toHaveValue("[name] kept ringing me on [phone] after I had gone home.");
  await expectAccessible(facilitator);
  // Putting the number back is refused, and what was typed is kept.
  await deidentified.fill("[name] kept ringing me on 07700 900123 after I had gone home.");
  await card.getByLabel("Share it, de-identified").check();
  await card.getByRole("button", { name: "Save decision" }).click();
  const refused = facilitator.getByRole("region", { name: "What got in the way, from Helen McAllister" });
  await expect(refused.getByText("This still contains what looks like a phone number").first()).toBeVisible();
  await expect(refused.getByLabel("De-identified text to share")).toHaveValue("[name] kept ringing me on 07700 900123 after I had gone home.");
  await refused.getByLabel("De-identified text to share").fill("[name] kept ringing me after I had gone home.");
  await refused.getByLabel("Share it, de-identified").check();
  await refused.getByRole("button", { name: "Save decision" }).click();
  await expect(facilitator.getByText("Saved. The owner can see what is proposed")).toBeVisible();
  await expect(facilitator.getByRole("region", { name: "What got in the way, from Helen McAllister" })).toContainText("Proposed: waiting for the owner");

  // --- Helen sees the proposal and her action's whole history in My actions.
  await helen.goto("/lead");
  await helen.getByRole("link", { name: "My actions" }).first().click();
  await expect(heading(helen)).toHaveText("My actions");
  const proposed = helen.getByRole("region", { name: "Proposed for sharing beyond your set" });
  await expect(proposed.getByText("[name] kept ringing me after I had gone home.")).toBeVisible();
  await expectAccessible(helen);
  await proposed.getByRole("button", { name: "Share it now" }).click();
  await expect(helen.getByText("The item is now shared beyond your set")).toBeVisible();
  await helen.getByRole("link", { name: action }).click();
  await expect(heading(helen)).toHaveText(action);
  const history = helen.getByRole("list").filter({ hasText: "Committed at the meeting" });
  await expect(history).toContainText("Partly done");
  await expect(history).toContainText("What got in the way: Mark Bentley kept ringing me on 07700 900123 after I had gone home.");
  await expect(history).toContainText("What was learned: Handing over at 19:30 works when I plan it at lunchtime.");
  await expectAccessible(helen);

  // On record: one shared item, with nothing but text, kind, footprint and month.
  const shared = withDatabase((db) => db.prepare("select * from shared_items where text = ?").all("[name] kept ringing me after I had gone home.")) as Array<Record<string, unknown>>;
  expect(shared).toHaveLength(1);
  expect(Object.keys(shared[0]).sort()).toEqual(["footprint_id", "id", "kind", "month", "text", "theme_ids"]);
  await helenContext.close();
});
