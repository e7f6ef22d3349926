/**
 * The scheduling issue's journey: a facilitator schedules a series whose first
 * meeting falls on a bank holiday and moves it; a member sees the meetings,
 * sends apologies for one and downloads a calendar file; the (msw-mocked)
 * GOV.UK Notify API receives the emails.
 */
import { readFileSync } from "node:fs";
import bankHolidays from "../app/domain/data/bank-holidays-england-and-wales.json" with { type: "json" };
import { expect, expectAccessible, emailsTo, signIn, test } from "./support";

const COHORT = "Cheshire & Merseyside Set A";
const DAY = 86_400_000;

/** The demo term runs to the end of the tenth month from now; find a Monday bank holiday well inside it. */
function nextMondayBankHoliday(): { date: string; name: string } {
  const entries: Array<{ date: string; name: string }> = Array.isArray(bankHolidays)
    ? (bankHolidays as Array<{ date: string; name: string }>)
    : Object.entries(bankHolidays as Record<string, string>).map(([date, name]) => ({ date, name }));
  const soonest = Date.now() + 10 * DAY;
  const latest = Date.now() + 200 * DAY;
  const found = entries
    .filter((h) => new Date(`${h.date}T12:00:00Z`).getUTCDay() === 1)
    .filter((h) => Date.parse(`${h.date}T12:00:00Z`) > soonest && Date.parse(`${h.date}T12:00:00Z`) < latest)
    .sort((a, b) => a.date.localeCompare(b.date))[0];
  if (!found) throw new Error("No Monday bank holiday in the next 200 days: update the bank holiday data");
  return found;
}

test("a facilitator schedules a series around a bank holiday and a member answers and downloads it", async ({ page, browser }) => {
  const holiday = nextMondayBankHoliday();

  await signIn(page, "facilitator@example.com");
  await page.getByRole("link", { name: COHORT, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(COHORT);
  await page.getByRole("button", { name: "Schedule meetings" }).or(page.getByRole("link", { name: "Schedule meetings" })).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Schedule meetings for ${COHORT}`);
  await expectAccessible(page);

  await page.getByRole("radio", { name: "Every few weeks" }).check();
  await page.getByLabel("How many weeks apart (for meetings every few weeks)").fill("4");
  await page.getByLabel("Date of the first meeting").fill(holiday.date);
  await page.getByLabel("Start time").fill("14:00");
  await page.getByLabel("End time").fill("16:00");
  await page.getByRole("radio", { name: "After a number of meetings" }).check();
  await page.getByLabel("Number of meetings (if stopping after a number)").fill("3");
  await page.getByLabel("Video link").fill("https://teams.microsoft.com/l/meetup-join/demo");
  await page.getByRole("button", { name: "Preview the dates" }).click();

  await expect(page.getByRole("heading", { name: "3 meetings" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Meeting dates" })).toContainText(`Bank holiday: ${holiday.name}`);
  await expectAccessible(page);
  // Scheduling without deciding about the bank holiday is refused.
  await page.getByRole("button", { name: "Schedule these meetings" }).click();
  await expect(page.getByRole("alert")).toContainText("bank holiday");
  await page.getByLabel(`is ${holiday.name}`).selectOption({ label: "Move it to the next working day" });
  await page.getByRole("button", { name: "Schedule these meetings" }).click();

  await expect(page.getByRole("status")).toContainText("3 meetings are scheduled");
  const upcoming = page.getByRole("table", { name: `Upcoming meetings of ${COHORT}` });
  await expect(upcoming.getByRole("row")).toHaveCount(4);
  // The bank holiday Monday moved to the Tuesday.
  const tuesday = new Date(Date.parse(`${holiday.date}T12:00:00Z`) + DAY);
  const tuesdayText = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(tuesday).replace(",", "");
  await expect(upcoming).toContainText(tuesdayText);
  await expect(upcoming).not.toContainText(new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${holiday.date}T12:00:00Z`)).replace(",", ""));
  await expectAccessible(page);

  // --- A member of the set sees the meetings, sends apologies for one, and downloads it.
  const memberContext = await browser.newContext({ acceptDownloads: true });
  const member = await memberContext.newPage();
  await signIn(member, "lead@example.com");
  await expect(member.getByRole("heading", { name: "Your next meeting" })).toBeVisible();
  await expect(member.getByRole("heading", { level: 3, name: tuesdayText })).toBeVisible();
  await expectAccessible(member);
  await member.getByRole("link", { name: "Say whether you can attend" }).click();
  await expect(member.getByRole("heading", { level: 1 })).toHaveText(tuesdayText);
  await expectAccessible(member);
  await member.getByLabel("I send my apologies").check();
  await member.getByLabel("Reason for apologies (optional)").fill("On call that afternoon");
  await member.getByRole("button", { name: "Save my answer" }).click();
  await expect(member.getByRole("status")).toContainText("Your answer is saved");
  await expect(member.getByText("You said: I send my apologies")).toBeVisible();
  await expectAccessible(member);

  const downloading = member.waitForEvent("download");
  await member.getByRole("link", { name: /Add this meeting to your calendar/ }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.ics$/);
  const ics = readFileSync((await download.path())!, "utf8");
  expect(ics).toContain("BEGIN:VCALENDAR");
  expect(ics).toContain("TZID:Europe/London");
  expect(ics).toContain("DTSTART;TZID=Europe/London:" + tuesday.toISOString().slice(0, 10).replace(/-/g, "") + "T140000");
  await memberContext.close();

  // --- The facilitator sees the apology and its reason.
  await page.getByRole("link", { name: tuesdayText }).click();
  await expect(page.getByRole("table", { name: "Members' answers" })).toContainText("On call that afternoon");
  await expectAccessible(page);

  // --- GOV.UK Notify (mocked) received the series email for each member, with the dates and the calendar link.
  await expect.poll(() => emailsTo("lead@example.com").length, { timeout: 15_000 }).toBeGreaterThan(0);
  const notice = emailsTo("lead@example.com").at(-1)!;
  expect(notice.body).toContain(tuesdayText.replace(/^\w+ /, ""));
  expect(notice.body).toMatch(/14:00 to 16:00/);
  expect(notice.body).toContain("https://teams.microsoft.com/l/meetup-join/demo");
  expect(notice.body).toMatch(/\/meetings\/[a-z0-9]+\/calendar\.ics/);
});
