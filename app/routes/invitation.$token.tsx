import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { NewPasswordForm } from "~/components/new-password-form";
import { ROLE_LABELS } from "~/domain/labels";
import { acceptInvitation, findUsableToken } from "~/models/account.server";
import { NewPasswordSchema } from "~/schemas/auth";
import { fieldError, formError, invalid, readForm } from "~/server/request.server";

export const meta: MetaFunction = () => [{ title: "Accept your invitation - CLN Action Learning Sets" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const found = findUsableToken(params.token ?? "", "invitation");
  if (!found) return json({ valid: false as const });
  return json({ valid: true as const, name: found.name, email: found.email, roles: found.roles.map((r) => ROLE_LABELS[r]) });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const result = await readForm(request, NewPasswordSchema);
  if (!result.ok) return invalid(result);
  const outcome = await acceptInvitation(params.token ?? "", result.data.password, context.ip);
  if (!outcome.ok) {
    return outcome.error.startsWith("This password")
      ? fieldError("password", outcome.error, result.values)
      : formError(outcome.error, result.values, 410);
  }
  return redirect(outcome.needsTwoFactorEnrolment ? "/account/two-factor?welcome=1" : "/?welcome=1", {
    headers: { "Set-Cookie": outcome.cookie },
  });
}

export default function Invitation() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!data.valid) {
    return (
      <>
        <h1>This invitation link has expired or has been used</h1>
        <p>Invitation links work once and expire after 7 days. Ask your CLN admin to send a new invitation.</p>
        <p>
          If you have already set a password, <a href="/sign-in">sign in</a>.
        </p>
      </>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Welcome, {data.name}</h1>
        <p>
          You have been invited to CLN Action Learning Sets as: <strong>{data.roles.join(", ")}</strong>. Choose a
          password for <strong>{data.email}</strong> to accept.
        </p>
        <NewPasswordForm result={result} email={data.email} button="Accept invitation" />
      </div>
    </div>
  );
}
