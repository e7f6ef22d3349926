import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { NewPasswordForm } from "~/components/new-password-form";
import { findUsableToken, resetPassword } from "~/models/account.server";
import { NewPasswordSchema } from "~/schemas/auth";
import { fieldError, formError, invalid, readForm } from "~/server/request.server";

export const meta: MetaFunction = () => [{ title: "Choose a new password - CLN Action Learning Sets" }];

export async function loader({ params }: LoaderFunctionArgs) {
  const found = findUsableToken(params.token ?? "", "password_reset");
  return json(found ? { valid: true as const, email: found.email } : { valid: false as const });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const result = await readForm(request, NewPasswordSchema);
  if (!result.ok) return invalid(result);
  const outcome = await resetPassword(params.token ?? "", result.data.password, context.ip);
  if (!outcome.ok) {
    return outcome.error.startsWith("This password")
      ? fieldError("password", outcome.error, result.values)
      : formError(outcome.error, result.values, 410);
  }
  return redirect(outcome.needsTwoFactorEnrolment ? "/account/two-factor" : "/", {
    headers: { "Set-Cookie": outcome.cookie },
  });
}

export default function ResetPassword() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (!data.valid) {
    return (
      <>
        <h1>This reset link has expired or has been used</h1>
        <p>Reset links work once and expire after 1 hour.</p>
        <p>
          <Link to="/forgot-password">Ask for a new link</Link>
        </p>
      </>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Choose a new password</h1>
        <p>Choosing a new password signs you out everywhere else.</p>
        <NewPasswordForm result={result} email={data.email} button="Save new password" />
      </div>
    </div>
  );
}
