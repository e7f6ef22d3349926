import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    /** The client's address as Express sees it (TRUST_PROXY decides whether X-Forwarded-For counts). */
    ip: string;
    /** Per-response nonce for the scripts Remix inlines (Content-Security-Policy). */
    cspNonce: string;
  }
}
