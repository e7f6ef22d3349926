/**
 * /advisory/figures.csv: the figures of the advisory page (shared items by
 * month, theme and footprint) for the same period and footprint, already
 * through the disclosure rule. When fewer than 8 people contributed to that
 * scope the file holds one row that says so, and no figures: a download
 * link should always give a file a spreadsheet can open. Each download is
 * audited with its period only.
 */
import type { LoaderFunctionArgs } from "@remix-run/node";
import { readAdvisoryFilters } from "~/components/advisory";
import { aggregatedRows } from "~/models/advisory.server";
import { audit } from "~/models/audit.server";
import { footprintOptions } from "~/models/footprints.server";
import { gapThresholds } from "~/models/gaps.server";
import { requireRole } from "~/server/guards.server";
import { toCsv } from "~/utils/csv";

export const NOT_ENOUGH_DATA =
  "Not enough data: fewer than 8 people contributed in this period and footprint. Choose a longer period or all footprints.";

const HEADER = ["Month", "Theme id", "Theme", "Footprint", "Shared items"];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, "advisory");
  const filters = readAdvisoryFilters(new URL(request.url).searchParams, {
    now: Date.now(),
    windowMonths: gapThresholds().windowMonths,
    footprintIds: footprintOptions().map((f) => f.id),
  });
  const period = { from: filters.from, to: filters.to, footprintId: filters.footprintId };
  const rows = aggregatedRows(period);
  audit({
    actorId: user.id,
    action: "advisory_figures_exported",
    detail: { from: period.from, to: period.to, footprint: period.footprintId },
    ip: context.ip ?? null,
  });
  const body = rows ? rows.map((r) => [r.month, r.themeId, r.theme, r.footprint, r.count]) : [[NOT_ENOUGH_DATA, "", "", "", ""]];
  return new Response(toCsv(HEADER, body), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="advisory-figures-${period.from}-to-${period.to}.csv"`,
      "Cache-Control": "no-store",
    },
  });
}
