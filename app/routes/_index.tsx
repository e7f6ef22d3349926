import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { homeFor } from "~/domain/labels";
import { requireUser } from "~/server/guards.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  throw redirect(homeFor(user.roles));
}
