import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { SubmitButton, TextField, ValidatedForm } from "~/components/form";
import { verifySecondFactor } from "~/models/account.server";
import { TwoFactorCodeSchema } from "~/schemas/auth";
import { requireUser } from "~/server/guards.server";
import { limiter } from "~/server/rate-limit.server";
import { fieldError, invalid, readForm, safeRedirect } from "~/server/request.server";

export const meta: MetaFunction = () => [{ title: "Enter your security code - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request, { allowPendingTwoFactor: true });
  if (!user.hasTotp || user.twoFactorVerified) throw redirect("/");
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, { allowPendingTwoFactor: true });
  const result = await readForm(request, TwoFactorCodeSchema);
  if (!result.ok) return invalid(result);
  if (!limiter("two-factor-user", 10, 5 * 60_000).take(user.id)) {
    return fieldError("code", "Too many codes tried. Wait 5 minutes and try again", result.values, 429);
  }
  const ok = verifySecondFactor({ userId: user.id, sessionId: user.sessionId, code: result.data.code, ip: context.ip });
  if (!ok) return fieldError("code", "The code is not right. Enter the latest 6-digit code from your app", result.values);
  return redirect(safeRedirect(new URL(request.url).searchParams.get("redirectTo")));
}

export default function TwoFactor() {
  const result = useActionData<typeof action>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ValidatedForm schema={TwoFactorCodeSchema} result={result}>
          <TextField
            name="code"
            label="Enter the security code from your authenticator app"
            labelAsHeading
            hint="The code is 6 numbers and changes every 30 seconds."
            autoComplete="one-time-code"
            inputMode="numeric"
            width={10}
          />
          <SubmitButton busyText="Checking…">Continue</SubmitButton>
        </ValidatedForm>
      </div>
    </div>
  );
}
