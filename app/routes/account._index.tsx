import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { SummaryList } from "nhsuk-react-components";
import { SuccessBanner } from "~/components/form";
import { ROLE_LABELS } from "~/domain/labels";
import { requireUser } from "~/server/guards.server";

export const meta: MetaFunction = () => [{ title: "Your account - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { allowMissingTwoFactor: true });
  return json({ name: user.name, email: user.email, roles: user.roles.map((r) => ROLE_LABELS[r]), hasTotp: user.hasTotp });
}

export default function Account() {
  const data = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      {params.get("notice") === "two-factor-on" ? <SuccessBanner>Two-factor sign-in is now on.</SuccessBanner> : null}
      <h1>Your account</h1>
      <SummaryList>
        <SummaryList.Row>
          <SummaryList.Key>Name</SummaryList.Key>
          <SummaryList.Value>{data.name}</SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Email address</SummaryList.Key>
          <SummaryList.Value>{data.email}</SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Roles</SummaryList.Key>
          <SummaryList.Value>{data.roles.join(", ") || "None yet"}</SummaryList.Value>
        </SummaryList.Row>
        <SummaryList.Row>
          <SummaryList.Key>Two-factor sign-in</SummaryList.Key>
          <SummaryList.Value>{data.hasTotp ? "On" : "Off"}</SummaryList.Value>
          {data.hasTotp ? null : (
            <SummaryList.Action href="/account/two-factor" visuallyHiddenText="two-factor sign-in">
              Set up
            </SummaryList.Action>
          )}
        </SummaryList.Row>
      </SummaryList>
      <p>
        To change your password, <Link to="/forgot-password">ask for a reset link</Link>. Your name and email are kept by your CLN admin.
      </p>
    </>
  );
}
