import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { CohortList } from "~/components/cohort-list";
import { cohortsOf } from "~/models/overview.server";
import { requireRole } from "~/server/guards.server";

export const meta: MetaFunction = () => [{ title: "Your sets - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "facilitator");
  return json({ name: user.name, cohorts: cohortsOf(user.id).facilitating });
}

export default function FacilitatorHome() {
  const data = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Your sets</h1>
      <p className="nhsuk-lede-text">Hello {data.name}. These are the cohorts you facilitate.</p>
      <h2>Cohorts you facilitate</h2>
      <CohortList cohorts={data.cohorts} empty="You are not facilitating a cohort yet. A CLN admin adds you when a cohort is set up." />
    </>
  );
}
