/**
 * msw handlers for GOV.UK Notify's email endpoint. Every request is recorded
 * so tests can read back what would have been sent.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { http, HttpResponse } from "msw";

export const NOTIFY_BASE = "https://api.notifications.service.gov.uk";

export type NotifyEmailRequest = {
  template_id: string;
  email_address: string;
  personalisation?: Record<string, string>;
  reference?: string;
};

export const notifySent: NotifyEmailRequest[] = [];

export const notifyHandlers = [
  http.post(`${NOTIFY_BASE}/v2/notifications/email`, async ({ request }) => {
    const auth = request.headers.get("authorization") ?? "";
    if (!auth.startsWith("Bearer ")) {
      return HttpResponse.json({ status_code: 403, errors: [{ error: "AuthError", message: "Invalid token" }] }, { status: 403 });
    }
    const body = (await request.json()) as NotifyEmailRequest;
    notifySent.push(body);
    // With MOCKS=true in a separate server process (the e2e tests), what Notify
    // received is also written to a file the tests can read.
    const record = process.env.MOCK_NOTIFY_RECORD;
    if (record) {
      mkdirSync(dirname(record), { recursive: true });
      appendFileSync(record, `${JSON.stringify(body)}\n`);
    }
    return HttpResponse.json(
      {
        id: crypto.randomUUID(),
        reference: body.reference ?? null,
        content: { subject: body.personalisation?.subject ?? "", body: body.personalisation?.body ?? "", from_email: "cln@notifications.service.gov.uk" },
        uri: `${NOTIFY_BASE}/v2/notifications/x`,
        template: { id: body.template_id, version: 1, uri: `${NOTIFY_BASE}/v2/template/${body.template_id}` },
      },
      { status: 201 },
    );
  }),
];
