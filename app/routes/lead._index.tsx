import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData, useSearchParams } from "@remix-run/react";
import { CohortList } from "~/components/cohort-list";
import { SuccessBanner } from "~/components/form";
import { cohortsOf } from "~/models/overview.server";
import { requireRole } from "~/server/guards.server";

export const meta: MetaFunction = () => [{ title: "Your action learning sets - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, "clinical_lead");
  return json({ name: user.name, cohorts: cohortsOf(user.id).member });
}

export default function LeadHome() {
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      {params.has("welcome") ? <SuccessBanner>Welcome. Your account is ready.</SuccessBanner> : null}
      <h1>Your action learning sets</h1>
      <p className="nhsuk-lede-text">Hello {data.name}.</p>
      <h2>Your sets</h2>
      <CohortList cohorts={data.cohorts} empty="You are not in a set yet. Your CLN admin adds you to a cohort." />
    </>
  );
}
