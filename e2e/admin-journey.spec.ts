/**
 * The foundation issue's journey, in one browser each for the admin and the
 * new facilitator: invite → accept → password → two-factor; create a cohort;
 * import members from CSV (one bad row: nothing imported; fixed: all
 * imported and invited). axe checks every page on the way.
 */
import { expect, expectAccessible, emailsTo, linkIn, signIn, test, totpCode } from "./support";

const FACILITATOR = { name: "Morgan Ellis", email: "morgan.ellis@example.com" };
const COHORT = "Cheshire & Merseyside Set B";
const NEW_MEMBERS = [
  "grace.adebayo@example.com",
  "tomasz.kowalski@example.com",
  "mei.lin.chen@example.com",
  "aoife.byrne@example.com",
  "raj.patel@example.com",
];

test("an admin sets up a facilitator and a cohort with members from a CSV file", async ({ page, browser }) => {
  // --- The admin invites a facilitator.
  await signIn(page, "admin@example.com");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Set up the programme");
  await expectAccessible(page);
  await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "People" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("People");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Invite a person" }).or(page.getByRole("link", { name: "Invite a person" })).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Invite a person");
  await expectAccessible(page);

  // A mistake first: no role ticked. The form says so and keeps what was typed.
  await page.getByLabel("Full name").fill(FACILITATOR.name);
  await page.getByLabel("Work email address").fill(FACILITATOR.email);
  await page.getByLabel("Organisation").selectOption({ label: "Mersey Care NHS Foundation Trust" });
  await page.getByLabel("Profession").selectOption({ label: "Psychologist" });
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("alert")).toContainText("Select at least one role");
  await expect(page.getByLabel("Full name")).toHaveValue(FACILITATOR.name);
  await expectAccessible(page);

  await page.getByRole("checkbox", { name: "Facilitator" }).check();
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(FACILITATOR.name);
  await expect(page.getByRole("status")).toContainText(FACILITATOR.email);
  await expectAccessible(page);

  // --- The facilitator accepts the invitation in their own browser.
  const invitation = emailsTo(FACILITATOR.email).at(-1);
  expect(invitation, "an invitation email in the outbox").toBeTruthy();
  const facilitatorContext = await browser.newContext();
  const facilitator = await facilitatorContext.newPage();
  await facilitator.goto(linkIn(invitation!, /\/invitation\//));
  await expect(facilitator.getByRole("heading", { level: 1 })).toHaveText(`Welcome, ${FACILITATOR.name}`);
  await expectAccessible(facilitator);
  await facilitator.getByLabel("Create a password").fill("willow lantern ferry 42");
  await facilitator.getByLabel("Type the password again").fill("willow lantern ferry 42");
  await facilitator.getByRole("button", { name: "Accept invitation" }).click();

  // --- ...and enrols two-factor with the key shown (as an authenticator app would).
  await expect(facilitator.getByRole("heading", { level: 1 })).toHaveText("Set up two-factor sign-in");
  await expect(facilitator.getByRole("img", { name: /QR code/ })).toBeVisible();
  await expectAccessible(facilitator);
  const key = (await facilitator.getByTestId("totp-key").textContent()) ?? "";
  await facilitator.getByLabel("Security code").fill("000000");
  await facilitator.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(facilitator.getByRole("alert")).toContainText("The code is not right");
  await expectAccessible(facilitator);
  await facilitator.getByLabel("Security code").fill(totpCode(key));
  await facilitator.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  await expect(facilitator.getByRole("status")).toContainText("Two-factor sign-in is now on");
  await expectAccessible(facilitator);
  await facilitatorContext.close();

  // --- The admin creates a cohort with the new facilitator.
  await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Cohorts" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cohorts");
  await expectAccessible(page);
  await page.getByRole("link", { name: /Create a cohort/ }).or(page.getByRole("button", { name: /Create a cohort/ })).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Create a cohort");
  await expectAccessible(page);
  await page.getByLabel("Cohort name").fill(COHORT);
  await page.getByLabel("Footprint").selectOption({ label: "Cheshire & Merseyside" });
  await page.getByLabel("Term start date").fill("2027-01-01");
  await page.getByLabel("Term end date").fill("2027-12-31");
  await page.getByLabel("Facilitator", { exact: true }).selectOption({ label: FACILITATOR.name });
  await page.getByRole("button", { name: "Create cohort" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(COHORT);
  await expectAccessible(page);

  // --- Import with one bad row: nothing is imported, every bad row is shown.
  await page.getByRole("link", { name: "Import members from a CSV file" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Import members into");
  await expectAccessible(page);
  await page.getByLabel("Upload a CSV file").setInputFiles("e2e/fixtures/cohort-members-bad.csv");
  await page.getByRole("button", { name: "Import members" }).click();
  const problems = page.getByRole("alert");
  await expect(problems).toContainText("No one was imported");
  await expect(problems).toContainText("Line 4");
  await expect(page.getByRole("table", { name: /Rows to correct/ })).toContainText("Surgeon");
  await expectAccessible(page);
  for (const email of NEW_MEMBERS) expect(emailsTo(email), `no email yet to ${email}`).toHaveLength(0);

  // --- The fixed file imports everyone in one go, and each new member is invited.
  await page.getByLabel("Upload a CSV file").setInputFiles("e2e/fixtures/cohort-members-good.csv");
  await page.getByRole("button", { name: "Import members" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(COHORT);
  await expect(page.getByRole("status")).toContainText("5 people added");
  const members = page.getByRole("table", { name: `Current members of ${COHORT}` });
  for (const name of ["Grace Adebayo", "Tomasz Kowalski", "Mei Lin Chen", "Aoife Byrne", "Raj Patel"]) {
    await expect(members).toContainText(name);
  }
  await expectAccessible(page);
  for (const email of NEW_MEMBERS) {
    const sent = emailsTo(email);
    expect(sent, `invitation to ${email}`).toHaveLength(1);
    expect(linkIn(sent[0], /\/invitation\//)).toMatch(/^\/invitation\/[a-z0-9]{32}$/);
  }

  // --- The Emails page: what the outbox has sent, what waits, and anything it gave up on.
  await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Emails" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Emails");
  await expect(page.getByText("Waiting to be sent", { exact: true })).toBeVisible();
  await expect(page.getByText("Every email has been sent or is waiting to be sent.")).toBeVisible();
  await expectAccessible(page);
});
