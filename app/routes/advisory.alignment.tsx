/** /advisory/alignment: the footprint view of the self-assessments for the advisory group: disclosure-controlled counts and the highlight, never an organisation's answers. */
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { FootprintAlignment } from "~/components/alignment";
import { footprintAlignment } from "~/models/alignment.server";
import { footprintOptions } from "~/models/footprints.server";
import { requireRole } from "~/server/guards.server";

export const meta: MetaFunction = () => [{ title: "Alignment by footprint - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, "advisory");
  const selected = new URL(request.url).searchParams.get("footprint") ?? "";
  return json({ footprints: footprintOptions(), selected, view: selected ? footprintAlignment(selected, Date.now()) : null });
}

export default function AdvisoryAlignment() {
  const data = useLoaderData<typeof loader>();
  return <FootprintAlignment action="/advisory/alignment" footprints={data.footprints} selected={data.selected} view={data.view} />;
}
