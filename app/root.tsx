import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { SiteFooter, SiteHeader } from "~/components/layout";
import { getCurrentUser } from "~/server/guards.server";
import { env } from "~/server/context.server";
import { homeFor } from "~/domain/labels";
import { useNonce } from "~/utils/nonce";
import appStyles from "~/styles/app.css";

export const SERVICE_NAME = "CLN Action Learning Sets";

const NHSUK_SUPPORT_SNIPPET =
  "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' nhsuk-frontend-supported' : '');";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: "/assets/css/nhsuk-frontend.min.css" },
  { rel: "stylesheet", href: appStyles },
  { rel: "icon", href: "/assets/images/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: SERVICE_NAME }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const signedIn = user && (!user.hasTotp || user.twoFactorVerified);
  return json({
    requestId: request.headers.get("x-request-id") ?? "",
    demo: env().SEED_DEMO,
    mfaOptional: !env().REQUIRE_MFA,
    user: signedIn ? { name: user.name, roles: user.roles, home: homeFor(user.roles) } : null,
  });
}

export type RootData = ReturnType<typeof useLoaderData<typeof loader>>;

function Document({ children, title }: { children: React.ReactNode; title?: string }) {
  const nonce = useNonce();
  return (
    <html lang="en-GB" className="nhsuk-template">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        {title ? <title>{title}</title> : null}
        <Meta />
        <Links />
      </head>
      <body className="nhsuk-template__body" suppressHydrationWarning>
        {/* The NHS.UK frontend template snippet: marks JavaScript support before anything renders. */}
        <script
          nonce={nonce}
          // Static text written by us, not user content; CSP allows it through the nonce.
          dangerouslySetInnerHTML={{ __html: NHSUK_SUPPORT_SNIPPET }}
        />
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  return (
    <Document>
      <SiteHeader serviceName={SERVICE_NAME} user={data.user} demo={data.demo} mfaOptional={data.mfaOptional} />
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent" tabIndex={-1}>
          <Outlet />
        </main>
      </div>
      <SiteFooter />
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<typeof loader>("root");
  let heading = "Sorry, there is a problem with the service";
  let message = "Try again later.";
  if (isRouteErrorResponse(error)) {
    if (error.status === 404) {
      heading = "Page not found";
      message = "If you typed the web address, check it is correct.";
    } else if (error.status === 403) {
      heading = "You do not have access to this page";
      message = "If you think you should, ask a CLN admin.";
    } else if (error.status === 413) {
      heading = "That was too large to send";
      message = "Try a smaller file.";
    }
  }
  return (
    <Document title={`${heading} - ${SERVICE_NAME}`}>
      <SiteHeader serviceName={SERVICE_NAME} user={data?.user ?? null} demo={false} mfaOptional={false} />
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="maincontent" tabIndex={-1}>
          <h1>{heading}</h1>
          <p>{message}</p>
          {data?.requestId ? (
            <p className="nhsuk-body-s">
              If you contact the CLN team about this, quote reference <strong>{data.requestId}</strong>.
            </p>
          ) : null}
          <p>
            <a href="/">Go to your home page</a>
          </p>
        </main>
      </div>
      <SiteFooter />
    </Document>
  );
}
