import { json, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { SubmitButton, TextField, ValidatedForm } from "~/components/form";
import { requestPasswordReset } from "~/models/account.server";
import { ForgotPasswordSchema } from "~/schemas/auth";
import { limiter } from "~/server/rate-limit.server";
import { formError, invalid, readForm } from "~/server/request.server";

export const meta: MetaFunction = () => [{ title: "Reset your password - CLN Action Learning Sets" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const result = await readForm(request, ForgotPasswordSchema);
  if (!result.ok) return invalid(result);
  if (!limiter("reset-ip", 20, 60 * 60_000).take(context.ip)) {
    return formError("Too many requests from this network. Wait an hour and try again.", result.values, 429);
  }
  await requestPasswordReset(result.data.email, context.ip);
  return json({ ok: true as const, sent: true, values: {} });
}

export default function ForgotPassword() {
  const result = useActionData<typeof action>();
  if (result && "sent" in result) {
    return (
      <>
        <h1>Check your email</h1>
        <p>If that address has an account, we have sent it a link to reset the password. The link works for 1 hour.</p>
        <p>
          <Link to="/sign-in">Back to sign in</Link>
        </p>
      </>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Reset your password</h1>
        <p>We will email you a link to choose a new password.</p>
        <ValidatedForm schema={ForgotPasswordSchema} result={result}>
          <TextField name="email" label="Email address" type="email" autoComplete="username" spellCheck={false} />
          <SubmitButton busyText="Sending…">Send reset link</SubmitButton>
        </ValidatedForm>
      </div>
    </div>
  );
}
