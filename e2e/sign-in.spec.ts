import { expect, expectAccessible, signIn, test } from "./support";

test("a wrong password shows the error summary and keeps the email typed", async ({ page }) => {
  await page.goto("/sign-in");
  await expectAccessible(page);
  await page.getByLabel("Email address").fill("admin@example.com");
  await page.getByLabel("Password").fill("not the password");
  await page.getByRole("button", { name: "Sign in" }).click();
  const summary = page.getByRole("alert");
  await expect(summary).toContainText("There is a problem");
  await expect(summary).toContainText("Enter a correct email address and password");
  await expect(page.getByLabel("Email address")).toHaveValue("admin@example.com");
  await expect(page.getByLabel("Password")).toHaveValue("");
  await expectAccessible(page);
});

test("the browser checks the form with the same rules before sending it", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill("not an email");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText("Enter an email address in the correct format");
  await expect(page.getByRole("alert")).toContainText("Enter your password");
  // The error summary links to the field.
  await page.getByRole("link", { name: /correct format/ }).click();
  await expect(page.getByLabel("Email address")).toBeFocused();
});

for (const [email, home, heading] of [
  ["admin@example.com", "/admin", "Set up the programme"],
  ["facilitator@example.com", "/facilitator", "Your sets"],
  ["advisory@example.com", "/advisory", "Advisory group"],
  ["lead@example.com", "/lead", "Your action learning sets"],
] as const) {
  test(`${email} lands on their own home page`, async ({ page }) => {
    await signIn(page, email);
    await expect(page).toHaveURL(new RegExp(`${home}$`));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
    await expectAccessible(page);
  });
}

test("pages work at 320 px wide without sideways scrolling", async ({ page }) => {
  await page.setViewportSize({ width: 320, height: 640 });
  await signIn(page, "facilitator@example.com");
  await page.getByRole("link", { name: "Cheshire & Merseyside Set A", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Cheshire & Merseyside Set A");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectAccessible(page);
});

test("signing out ends the session", async ({ page }) => {
  await signIn(page, "lead@example.com");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("You have signed out");
  await page.goto("/lead");
  await expect(page).toHaveURL(/\/sign-in\?redirectTo=%2Flead/);
});
