/**
 * GET /calendar/:token/meetings.ics: a person's private subscription feed.
 * Calendar apps fetch it without a session, so the long random token in the
 * path is the credential (ADR 0006). An unknown, reset or deactivated
 * person's token gets a 404 that says nothing more.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { feedMeetingsFor, userForFeedToken } from "~/models/calendar.server";
import { meetingsToIcs } from "~/server/calendar.server";
import { notFound } from "~/server/request.server";

/** Outlook and others poll; five minutes of caching in the client spares the database. */
const MAX_AGE_SECONDS = 300;

export async function loader({ params }: LoaderFunctionArgs) {
  const user = userForFeedToken(params.token ?? "");
  if (!user) throw notFound();
  const body = meetingsToIcs(feedMeetingsFor(user.id), { name: "CLN action learning sets", refreshSeconds: 60 * 60 });
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": 'inline; filename="cln-als-meetings.ics"',
      // private: no shared cache may keep a feed whose URL is a credential.
      "Cache-Control": `private, max-age=${MAX_AGE_SECONDS}`,
      "X-Robots-Tag": "noindex",
    },
  });
}
