/** /admin/alignment: the footprint view of the self-assessments, for admins (aggregates only; the same view as the advisory group's). */
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { FootprintAlignment } from "~/components/alignment";
import { footprintAlignment } from "~/models/alignment.server";
import { footprintOptions } from "~/models/footprints.server";
import { requireRole } from "~/server/guards.server";

export const meta: MetaFunction = () => [{ title: "Alignment by footprint - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "admin");
  const selected = new URL(request.url).searchParams.get("footprint") ?? "";
  return json({ footprints: footprintOptions(), selected, view: selected ? footprintAlignment(selected, Date.now()) : null });
}

export default function AdminAlignment() {
  const data = useLoaderData<typeof loader>();
  return <FootprintAlignment action="/admin/alignment" footprints={data.footprints} selected={data.selected} view={data.view} />;
}
