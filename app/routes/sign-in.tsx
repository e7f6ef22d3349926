import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useSearchParams } from "@remix-run/react";
import { SubmitButton, TextField, ValidatedForm } from "~/components/form";
import { signIn } from "~/models/account.server";
import { SignInSchema } from "~/schemas/auth";
import { env } from "~/server/context.server";
import { requireAnonymous } from "~/server/guards.server";
import { limiter } from "~/server/rate-limit.server";
import { formError, invalid, readForm, safeRedirect } from "~/server/request.server";

export const meta: MetaFunction = () => [{ title: "Sign in - CLN Action Learning Sets" }];

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnonymous(request);
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const result = await readForm(request, SignInSchema);
  if (!result.ok) return invalid(result);
  if (!limiter("sign-in-ip", env().SIGN_IN_LIMIT_PER_IP, 15 * 60_000).take(context.ip)) {
    return formError("Too many sign-in attempts from this network. Wait 15 minutes and try again.", result.values, 429);
  }
  const outcome = await signIn({ ...result.data, ip: context.ip });
  if (!outcome.ok) {
    return formError(
      outcome.reason === "too-many"
        ? "Too many failed attempts for this account. Wait an hour or reset your password."
        : "Enter a correct email address and password",
      result.values,
      outcome.reason === "too-many" ? 429 : 400,
    );
  }
  const target = safeRedirect(result.data.redirectTo);
  const next =
    outcome.next === "two-factor"
      ? `/sign-in/two-factor?${new URLSearchParams({ redirectTo: target })}`
      : outcome.next === "enrol-two-factor" && env().REQUIRE_MFA
        ? "/account/two-factor"
        : target;
  return redirect(next, { headers: { "Set-Cookie": outcome.cookie } });
}

export default function SignIn() {
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>Sign in</h1>
        <p>Sign in with the work email address your CLN admin invited.</p>
        <ValidatedForm schema={SignInSchema} result={result}>
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
          <TextField name="email" label="Email address" type="email" autoComplete="username" spellCheck={false} />
          <TextField name="password" label="Password" type="password" autoComplete="current-password" />
          <SubmitButton busyText="Signing in…">Sign in</SubmitButton>
        </ValidatedForm>
        <p>
          <Link to="/forgot-password">Forgotten your password?</Link>
        </p>
      </div>
    </div>
  );
}
