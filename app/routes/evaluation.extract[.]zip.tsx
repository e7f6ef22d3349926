import type { LoaderFunctionArgs } from "@remix-run/node";
import { readEvaluationPeriod, researchExtract } from "~/models/evaluation.server";
import { requireRole } from "~/server/guards.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["admin", "advisory"]);
  const { from, to } = readEvaluationPeriod(new URL(request.url).searchParams, Date.now());
  const archive = researchExtract({ from, to }, { id: user.id, ip: context.ip, via: "page" });
  return new Response(new Uint8Array(archive), {
    headers: {
      "Content-Type": "application/zip",
      "Content-Disposition": `attachment; filename="cln-als-evaluation-${from}-to-${to}.zip"`,
      "Cache-Control": "no-store",
    },
  });
}
