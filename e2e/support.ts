import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { decodeBase32IgnorePadding } from "@oslojs/encoding";
import { generateHOTP } from "@oslojs/otp";
import { test as base, expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "demo-password-2026";
const NOTIFY_RECORD = "e2e/.tmp/notify.jsonl";

/** Fails the test with the list of WCAG 2.2 A/AA violations axe finds on the page. */
export async function expectAccessible(page: Page) {
  // @axe-core/playwright carries its own playwright-core typings; the page is the same object.
  const results = await new AxeBuilder({ page: page as unknown as ConstructorParameters<typeof AxeBuilder>[0]["page"] }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const summary = results.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  expect(summary, `axe violations on ${page.url()}`).toEqual([]);
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { level: 1 })).not.toHaveText("Sign in");
}

export type OutboxEmail = { to: string; subject: string; body: string };

/** Every email the (msw-mocked) GOV.UK Notify API received from the server. */
export function outbox(): OutboxEmail[] {
  let text = "";
  try {
    text = readFileSync(NOTIFY_RECORD, "utf8");
  } catch {
    return [];
  }
  return text
    .split("\n")
    .filter(Boolean)
    .map((line) => {
      const r = JSON.parse(line) as { email_address: string; personalisation: { subject: string; body: string } };
      return { to: r.email_address, subject: r.personalisation.subject, body: r.personalisation.body };
    });
}

export function emailsTo(address: string) {
  return outbox().filter((e) => e.to.toLowerCase() === address.toLowerCase());
}

/** The path of the first link in an email that matches the pattern. */
export function linkIn(email: OutboxEmail, pattern: RegExp) {
  const url = email.body.match(/https?:\/\/\S+/g)?.find((u) => pattern.test(u));
  if (!url) throw new Error(`No link matching ${pattern} in email "${email.subject}"`);
  return new URL(url).pathname;
}

/** What an authenticator app would show now for this key. */
export function totpCode(manualKey: string) {
  const key = decodeBase32IgnorePadding(manualKey.replace(/\s/g, ""));
  return generateHOTP(key, BigInt(Math.floor(Date.now() / 30_000)), 6);
}

/**
 * The tests' `test`: fails any test whose page threw or logged a console error
 * (a CSP violation, a hydration error, a failed asset load).
 */
export const test = base.extend<{ browserErrors: string[] }>({
  browserErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(`pageerror: ${e.message}`));
      page.on("console", (m) => {
        // A form answered 4xx (a validation error shown to the person) is not a fault.
        if (m.type() === "error" && !/status of (400|409|410|429)\b/.test(m.text())) errors.push(`console.error: ${m.text()}`);
      });
      await use(errors);
      expect(errors, "errors in the browser").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };
