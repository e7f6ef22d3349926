import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { notifyMailer, outboxMailer } from "~/server/email.server";
import { mockServer } from "../mocks/node";
import { notifySent } from "../mocks/notify";
import { http, HttpResponse } from "msw";

// Notify keys are "<name>-<service id>-<secret>"; this one is made up.
const FAKE_KEY = "test_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0";
const TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce08a";

describe("email through GOV.UK Notify", () => {
  it("sends the subject and body as personalisation of the one template, with our reference", async () => {
    notifySent.length = 0;
    await notifyMailer(FAKE_KEY, TEMPLATE).send({ to: "sam@example.com", subject: "Hello", body: "Line one\nLine two", reference: "invitation-abc" });
    expect(notifySent).toEqual([
      { template_id: TEMPLATE, email_address: "sam@example.com", personalisation: { subject: "Hello", body: "Line one\nLine two" }, reference: "invitation-abc" },
    ]);
  });

  it("rejects when Notify refuses, so the caller can say the email was not sent", async () => {
    mockServer.use(http.post("https://api.notifications.service.gov.uk/v2/notifications/email", () => HttpResponse.json({ errors: [{ error: "RateLimitError" }] }, { status: 429 })));
    await expect(notifyMailer(FAKE_KEY, TEMPLATE).send({ to: "sam@example.com", subject: "S", body: "B", reference: "r" })).rejects.toThrow();
  });
});

describe("email to the outbox folder", () => {
  it("writes one JSON file a message", async () => {
    const dir = mkdtempSync(join(tmpdir(), "als-outbox-"));
    try {
      const mailer = outboxMailer(join(dir, "outbox"));
      await mailer.send({ to: "a@example.com", subject: "One", body: "1", reference: "r1" });
      await mailer.send({ to: "b@example.com", subject: "Two", body: "2", reference: "r2" });
      const files = readdirSync(join(dir, "outbox"));
      expect(files).toHaveLength(2);
      const messages = files.map((f) => JSON.parse(readFileSync(join(dir, "outbox", f), "utf8")));
      expect(messages.map((m) => m.to).sort()).toEqual(["a@example.com", "b@example.com"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
