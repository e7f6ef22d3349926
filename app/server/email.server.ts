/**
 * The one way the app sends email. With NOTIFY_API_KEY it goes through GOV.UK
 * Notify (one template whose body is ((body)) and subject ((subject))); without
 * it each message is written as a JSON file to the outbox folder, so the demo
 * works offline and tests can read what was sent.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { NotifyClient } from "notifications-node-client";
import { newId } from "./ids.server";

export type Email = {
  to: string;
  subject: string;
  body: string;
  /** Our own reference, kept by Notify; never personal data. */
  reference: string;
};

export type Mailer = {
  describe: string;
  send(email: Email): Promise<void>;
};

export function outboxMailer(dir: string): Mailer {
  const folder = resolve(dir);
  return {
    describe: `outbox folder ${folder}`,
    async send(email) {
      mkdirSync(folder, { recursive: true });
      const file = join(folder, `${Date.now()}-${newId()}.json`);
      writeFileSync(file, JSON.stringify({ ...email, sentAt: new Date().toISOString() }, null, 2));
    },
  };
}

export function notifyMailer(apiKey: string, templateId: string): Mailer {
  const client = new NotifyClient(apiKey);
  return {
    describe: "GOV.UK Notify",
    async send(email) {
      await client.sendEmail(templateId, email.to, {
        personalisation: { subject: email.subject, body: email.body },
        reference: email.reference,
      });
    },
  };
}
