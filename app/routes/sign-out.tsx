import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { audit } from "~/models/audit.server";
import { blankSessionCookie, endAllSessionsOf } from "~/server/auth.server";
import { getCurrentUser } from "~/server/guards.server";

export const meta: MetaFunction = () => [{ title: "You have signed out - CLN Action Learning Sets" }];

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await getCurrentUser(request);
  if (user) {
    // Signing out ends every session of this person and drops their live sockets (trust.md).
    await endAllSessionsOf(user.id);
    audit({ actorId: user.id, action: "sign_out", ip: context.ip });
  }
  return redirect("/sign-out", { headers: { "Set-Cookie": blankSessionCookie() } });
}

export async function loader({ request }: LoaderFunctionArgs) {
  // GET never changes anything: a signed-in visitor is sent home, not signed out.
  if (await getCurrentUser(request)) throw redirect("/");
  return null;
}

export default function SignedOut() {
  return (
    <>
      <h1>You have signed out</h1>
      <p>
        <Link to="/sign-in">Sign in again</Link>
      </p>
    </>
  );
}
