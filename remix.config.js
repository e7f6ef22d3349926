/** Remix v2, classic compiler (see docs/decisions/0001-stack-and-end-of-life-parts.md). */
/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  serverPlatform: "node",
  // ESM-only packages must be bundled into the server build by the classic compiler.
  serverDependenciesToBundle: [/^nhsuk-react-components/, /^nhsuk-frontend/, /^@oslojs\//],
  watchPaths: ["./db/**/*.ts", "./realtime/**/*.ts"],
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: false,
  },
};
