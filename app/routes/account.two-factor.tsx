import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { SubmitButton, TextField, ValidatedForm } from "~/components/form";
import { needsTwoFactor } from "~/domain/labels";
import { enrolTwoFactor, pendingTotpKey } from "~/models/account.server";
import { EnrolTwoFactorSchema } from "~/schemas/auth";
import { env } from "~/server/context.server";
import { requireUser } from "~/server/guards.server";
import { fieldError, invalid, readForm } from "~/server/request.server";
import { totpEnrolment } from "~/server/totp.server";

export const meta: MetaFunction = () => [{ title: "Set up two-factor sign-in - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { allowMissingTwoFactor: true });
  if (user.hasTotp) return json({ enrolled: true as const });
  const enrolment = await totpEnrolment(pendingTotpKey(user.id), user.email);
  return json({
    enrolled: false as const,
    qrDataUrl: enrolment.qrDataUrl,
    manualKey: enrolment.manualKey,
    required: env().REQUIRE_MFA && needsTwoFactor(user.roles),
    welcome: new URL(request.url).searchParams.has("welcome"),
  });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { allowMissingTwoFactor: true });
  if (user.hasTotp) throw redirect("/account");
  const result = await readForm(request, EnrolTwoFactorSchema);
  if (!result.ok) return invalid(result);
  const outcome = enrolTwoFactor({ userId: user.id, sessionId: user.sessionId, code: result.data.code, ip: context.ip });
  if (outcome === "expired") {
    return fieldError("code", "The key has expired. Add the new key shown on this page to your app, then enter its code", result.values);
  }
  if (outcome === "wrong-code") {
    return fieldError("code", "The code is not right. Check the app shows CLN Action Learning Sets and enter its latest code", result.values);
  }
  return redirect("/account?notice=two-factor-on");
}

export default function TwoFactorSetup() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  if (data.enrolled) {
    return (
      <>
        <h1>Two-factor sign-in is on</h1>
        <p>You will be asked for a code from your authenticator app each time you sign in.</p>
        <p>
          <Link to="/account">Back to your account</Link>
        </p>
      </>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {data.welcome ? <p className="nhsuk-body-l">Your password is saved.</p> : null}
        <h1>Set up two-factor sign-in</h1>
        <p>
          {data.required
            ? "Your role needs a second step at sign-in, to keep the sets' information safe."
            : "A second step at sign-in keeps your account safe even if someone learns your password."}
        </p>
        <h2 className="nhsuk-heading-s">1. Add this account to an authenticator app</h2>
        <p>
          Use an app such as Microsoft Authenticator or Google Authenticator on your phone. Scan this QR code:
        </p>
        <img className="app-qr" src={data.qrDataUrl} alt="QR code for adding this account to an authenticator app" />
        <p>Or type this key into the app:</p>
        <p className="app-key" data-testid="totp-key">
          {data.manualKey}
        </p>
        <h2 className="nhsuk-heading-s">2. Enter the code the app shows</h2>
        <ValidatedForm schema={EnrolTwoFactorSchema} result={result}>
          <TextField
            name="code"
            label="Security code"
            hint="6 numbers, for example 123456"
            autoComplete="one-time-code"
            inputMode="numeric"
            width={10}
          />
          <SubmitButton busyText="Checking…">Turn on two-factor sign-in</SubmitButton>
        </ValidatedForm>
        {data.required ? null : (
          <p>
            <Link to="/">Skip for now</Link>
          </p>
        )}
      </div>
    </div>
  );
}
