/**
 * The themes issue's journey on the demo data: the demo sets shared
 * de-identified actions and report-backs about workload from nine people in
 * three sets and three footprints, so "Workload, staffing and rest" is
 * flagged when the server starts. An advisory member sees it in the gap
 * register, opens its evidence, moves it to "under review", links an
 * intervention for Greater Manchester, marks it in place, and a clinical
 * lead in Greater Manchester sees it on their home page ("You said, we
 * did"); a lead in Cheshire & Merseyside does not.
 */
import type { Page } from "@playwright/test";
import { expect, expectAccessible, signIn, test } from "./support";

const THEME = "Workload, staffing and rest";
const TITLE = "Protected breaks, with cover";

async function saveStatus(page: Page, status: string) {
  const form = page.getByRole("form", { name: "Update this entry" });
  await form.getByLabel(status, { exact: true }).check();
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByRole("definition").filter({ hasText: status }).first()).toBeVisible();
}

test("an advisory member answers a recurring theme with an intervention that the sets in its footprint see", async ({ page, browser }) => {
  test.setTimeout(90_000);
  await signIn(page, "advisory@example.com");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Advisory group");
  const register = page.getByRole("region", { name: "Gap register" });
  await expect(register.getByRole("link", { name: THEME })).toBeVisible({ timeout: 10_000 });
  // The heatmap and the excerpts: figures through the disclosure rule, text with nobody in it.
  await expect(page.getByRole("heading", { name: "Themes by footprint" })).toBeVisible();
  await expect(page.getByText("Two vacancies on the rota meant there was never anyone to hand over to.").first()).toBeVisible();
  await expectAccessible(page);

  // The evidence, in words.
  await register.getByRole("link", { name: THEME }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(THEME);
  await expect(page.getByRole("heading", { name: "Why it was flagged" })).toBeVisible();
  await expect(page.getByText(/at least 3 different sets, in at least 2 footprints, from at least 8 different people/)).toBeVisible();
  await expectAccessible(page);

  // Under review, with an owner.
  const update = page.getByRole("form", { name: "Update this entry" });
  await update.getByLabel("Owner on the advisory group").selectOption({ label: "Tom Okafor" });
  await saveStatus(page, "Under review");

  // An intervention for Greater Manchester; then designing, in place.
  await saveStatus(page, "Intervention being designed");
  const add = page.getByRole("form", { name: "Add an intervention" });
  await add.getByLabel("Title").fill(TITLE);
  await add.getByLabel("What it is").fill("Ward managers can book a float nurse to cover breaks on long days.");
  await add.getByLabel("Who provides it").fill("Greater Manchester staff wellbeing hub");
  await add.getByLabel("Link (optional)").fill("https://example.org/protected-breaks");
  await add.getByLabel("Greater Manchester").check();
  await add.getByLabel("It is in place now").check();
  await add.getByRole("button", { name: "Add intervention" }).click();
  await expect(page.getByText(TITLE).first()).toBeVisible();
  await saveStatus(page, "Intervention in place");

  // A lead in Greater Manchester sees it; a lead in Cheshire & Merseyside does not.
  for (const [email, sees] of [
    ["helen.mcallister@example.com", true],
    ["lead@example.com", false],
  ] as const) {
    const context = await browser.newContext();
    const lead = await context.newPage();
    await signIn(lead, email);
    await lead.goto("/lead");
    const panel = lead.getByRole("region", { name: "You said, we did" });
    if (sees) {
      await expect(panel).toContainText(TITLE);
      await expect(panel).toContainText(THEME);
      await expectAccessible(lead);
    } else {
      await expect(panel).toHaveCount(0);
    }
    await context.close();
  }
});
