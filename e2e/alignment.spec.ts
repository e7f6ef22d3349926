/**
 * The alignment issue's journey: an admin names Sarah Whitfield
 * (lead@example.com) as the self-assessment lead of her trust; she finds the
 * self-assessment from her home page, starts a baseline, saves one answer,
 * is told what is missing when she submits too early, answers the rest and
 * submits; then the admin sees the footprint view for Cheshire & Merseyside.
 * axe checks the assessment form, the submitted assessment and the footprint
 * view.
 */
import Database from "better-sqlite3";
import { expect, expectAccessible, signIn, test } from "./support";

const DATABASE = "e2e/.tmp/e2e.sqlite";
const ORGANISATION = "Liverpool University Hospitals NHS Foundation Trust";
const FOOTPRINT = "Cheshire & Merseyside";
const LABEL = "Baseline (e2e)";

function withDatabase<T>(fn: (db: Database.Database) => T): T {
  const db = new Database(DATABASE);
  try {
    db.pragma("busy_timeout = 5000");
    return fn(db);
  } finally {
    db.close();
  }
}

/** A rerun starts clean: no lead named, no assessment for the trust. */
test.beforeEach(() => {
  withDatabase((db) => {
    const org = db.prepare("select id from organisations where name = ?").get(ORGANISATION) as { id: string };
    db.prepare("delete from assessment_answers where assessment_id in (select id from assessments where organisation_id = ?)").run(org.id);
    db.prepare("delete from assessments where organisation_id = ?").run(org.id);
    db.prepare("delete from organisation_leads where organisation_id = ?").run(org.id);
  });
});

test("an organisation lead completes and submits a self-assessment; an admin sees the footprint view", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const orgId = withDatabase((db) => (db.prepare("select id from organisations where name = ?").get(ORGANISATION) as { id: string }).id);

  // The admin names the lead on the organisation's page.
  await signIn(page, "admin@example.com");
  await page.goto(`/admin/organisations/${orgId}`);
  await expect(page.getByRole("heading", { name: "Self-assessment leads" })).toBeVisible();
  await page.getByLabel("Name a self-assessment lead").selectOption({ label: "Sarah Whitfield (lead@example.com)" });
  await page.getByRole("button", { name: "Name as lead" }).click();
  await expect(page.getByRole("button", { name: "Remove Sarah Whitfield" })).toBeVisible();

  // The lead finds it from her home page and starts a baseline.
  const context = await browser.newContext();
  const lead = await context.newPage();
  await signIn(lead, "lead@example.com");
  await lead.goto("/lead");
  await lead.getByRole("link", { name: "Self-assessment: your organisation against the recommendations" }).click();
  await expect(lead.getByRole("heading", { level: 1 })).toHaveText("Self-assessment against the recommendations");
  await lead.getByLabel("Name for a new assessment").fill(LABEL);
  await lead.getByRole("button", { name: "Start a new assessment" }).click();
  await expect(lead.getByRole("heading", { level: 1 })).toContainText(`Self-assessment: ${LABEL}`);
  await expectAccessible(lead);

  // One answer, saved on its own.
  const peer = lead.getByRole("region", { name: "Managers 5: Peer support structures" });
  await peer.getByLabel("Partly in place").check();
  await peer.getByLabel("Evidence").fill("Schwartz Rounds run monthly at two of our three sites.");
  await peer.getByLabel("Next step").fill("Start Schwartz Rounds at the third site.");
  await peer.getByLabel("Owner role").fill("Head of staff wellbeing");
  await peer.getByLabel("Due date").fill("2026-09-30");
  await peer.getByRole("button", { name: "Save Managers 5: Peer support structures" }).click();
  await expect(lead.getByText("Your answers are saved.")).toBeVisible();
  await expect(lead.getByRole("region", { name: "Managers 5: Peer support structures" }).getByLabel("Evidence")).toHaveValue("Schwartz Rounds run monthly at two of our three sites.");

  // Submitting too early: told what is missing, nothing lost.
  await lead.getByLabel("These answers are ready to be shared with our board").check();
  await lead.getByRole("button", { name: "Submit assessment" }).click();
  await expect(lead.getByText(/Still to answer: Organisations 1 \(Trust board leadership and sponsorship\)/)).toBeVisible();
  await expect(lead.getByRole("region", { name: "Managers 5: Peer support structures" }).getByLabel("Partly in place")).toBeChecked();

  // Every other recommendation, then submit.
  const ids = [...Array.from({ length: 5 }, (_, i) => `org-${i + 1}`), ...Array.from({ length: 12 }, (_, i) => `mgr-${i + 1}`)].filter((id) => id !== "mgr-5");
  for (const id of ids) {
    await lead.locator(`section#${id}`).getByLabel(id === "org-1" ? "Fully in place" : "Not in place").check();
  }
  await lead.getByLabel("These answers are ready to be shared with our board").check();
  await lead.getByRole("button", { name: "Submit assessment" }).click();
  await expect(lead.getByText("The assessment is submitted.")).toBeVisible();
  await expect(lead.getByRole("button", { name: "Submit assessment" })).toHaveCount(0);
  await expect(lead.getByText("Schwartz Rounds run monthly at two of our three sites.")).toBeVisible();
  await expectAccessible(lead);
  await expect(lead.getByRole("link", { name: "Printable version for your board" })).toBeVisible();
  await context.close();

  // The admin's footprint view: counts through the disclosure rule, one table per area.
  await page.goto("/admin/alignment");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Alignment with the recommendations by footprint");
  await page.getByLabel("Footprint").selectOption({ label: FOOTPRINT });
  await page.getByRole("button", { name: "Show footprint" }).click();
  await expect(page.getByRole("heading", { name: FOOTPRINT, level: 2 })).toBeVisible();
  for (const area of ["Prioritise and identify", "Capacity and collaboration", "Leadership and culture"]) {
    await expect(page.getByRole("table", { name: area })).toBeVisible();
  }
  const row = page.getByRole("row", { name: /Managers 5: Peer support structures/ });
  await expect(row.getByRole("cell").nth(1)).toHaveText("<8"); // one organisation, partly
  await expectAccessible(page);
});
