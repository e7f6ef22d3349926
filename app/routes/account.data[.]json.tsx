/**
 * GET /account/data.json: everything the service holds about the signed-in
 * person, as a JSON file to keep (app/models/my-data.server.ts, ADR 0009).
 * Only ever their own: the person comes from the session, never the URL.
 * The one thing it writes is the "data_exported" audit entry.
 */
import { TZDate } from "@date-fns/tz";
import type { LoaderFunctionArgs } from "@remix-run/node";
import { format } from "date-fns";
import { exportMyData } from "~/models/my-data.server";
import { requireUser } from "~/server/guards.server";
import { notFound } from "~/server/request.server";
import { LONDON } from "~/utils/dates";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const now = Date.now();
  const data = exportMyData(user.id, { now, ip: context.ip });
  if (!data) throw notFound();
  const day = format(new TZDate(now, LONDON), "yyyy-MM-dd");
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="my-data-${day}.json"`,
      "Cache-Control": "no-store",
    },
  });
}
