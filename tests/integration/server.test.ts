/**
 * The whole server from the Remix build: security headers, CSRF origin check,
 * body limits, error pages, and Socket.IO's authenticated handshake.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { signInOverHttp, startBuiltServer, type RunningServer } from "../helpers/server";

let app: RunningServer;
beforeAll(async () => {
  app = await startBuiltServer();
});
afterAll(async () => {
  await app?.stop();
});

describe("HTTP security", () => {
  it("sends the security headers on every page", async () => {
    const res = await fetch(`${app.base}/sign-in`);
    expect(res.status).toBe(200);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("referrer-policy")).toBeTruthy();
    expect(res.headers.get("cache-control")).toBe("no-store");
    const html = await res.text();
    const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
    // Every inline script Remix writes carries this response's nonce.
    const scripts = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs] of scripts) expect(attrs).toContain(`nonce="${nonce}"`);
  });

  it("lets a calendar feed be cached briefly while pages are never cached", async () => {
    const sqlite = app.server.services.conn.sqlite;
    const lead = sqlite.prepare("select id from users where email = 'lead@example.com'").get() as { id: string };
    sqlite.prepare("insert or replace into calendar_feeds (user_id, token, created_at) values (?, ?, ?)").run(lead.id, "abcdefghijklmnopqrstuvwxyz234567", Date.now());
    const feed = await fetch(`${app.base}/calendar/abcdefghijklmnopqrstuvwxyz234567/meetings.ics`);
    expect(feed.status).toBe(200);
    expect(feed.headers.get("cache-control")).toBe("private, max-age=300");
    const page = await fetch(`${app.base}/sign-in`);
    expect(page.headers.get("cache-control")).toBe("no-store");
  });

  it("refuses a state-changing request from another origin", async () => {
    const res = await fetch(`${app.base}/sign-in`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=admin%40example.com&password=demo-password-2026",
    });
    expect(res.status).toBe(403);
    const site = await fetch(`${app.base}/sign-in`, {
      method: "POST",
      headers: { "Sec-Fetch-Site": "cross-site", "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=admin%40example.com&password=demo-password-2026",
    });
    expect(site.status).toBe(403);
  });

  it("answers 413 to a body over 1 MB", async () => {
    const res = await fetch(`${app.base}/sign-in`, {
      method: "POST",
      headers: { Origin: app.base, "Content-Type": "application/x-www-form-urlencoded" },
      body: `email=a%40example.com&password=${"x".repeat(1024 * 1024 + 10)}`,
    });
    expect(res.status).toBe(413);
  });

  it("shows a 404 page with a reference and no stack trace", async () => {
    const res = await fetch(`${app.base}/no-such-page`);
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toContain("Page not found");
    expect(html).not.toMatch(/at .*\.(js|ts):\d+/);
  });

  it("signs in with a demo account and lands on the role's home", async () => {
    const cookie = await signInOverHttp(app.base, "facilitator@example.com");
    const res = await fetch(`${app.base}/`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/facilitator");
  });

  it("a GET to /sign-out does not sign anyone out", async () => {
    const cookie = await signInOverHttp(app.base, "lead@example.com");
    await fetch(`${app.base}/sign-out`, { headers: { Cookie: cookie }, redirect: "manual" });
    const home = await fetch(`${app.base}/lead`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(home.status).toBe(200);
    const out = await fetch(`${app.base}/sign-out`, { method: "POST", headers: { Cookie: cookie, Origin: app.base }, redirect: "manual" });
    expect(out.status).toBe(302);
    const after = await fetch(`${app.base}/lead`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toMatch(/^\/sign-in/);
  });
});

function openSocket(opts: { cookie?: string; origin?: string }) {
  return connect(app.base, {
    transports: ["websocket"],
    reconnection: false,
    extraHeaders: {
      ...(opts.cookie ? { Cookie: opts.cookie } : {}),
      Origin: opts.origin ?? app.base,
    },
  });
}

function outcome(socket: Socket) {
  return new Promise<"connected" | string>((done) => {
    socket.once("connect", () => done("connected"));
    socket.once("connect_error", (err) => done(err.message));
  });
}

describe("Socket.IO handshake", () => {
  it("refuses a connection without a session", async () => {
    const socket = openSocket({});
    expect(await outcome(socket)).toBe("unauthorised");
    socket.close();
  });

  it("refuses a connection from another origin even with a session", async () => {
    const cookie = await signInOverHttp(app.base, "facilitator2@example.com");
    const socket = openSocket({ cookie, origin: "https://evil.example" });
    expect(await outcome(socket)).not.toBe("connected");
    socket.close();
  });

  it("refuses a session still waiting for its second factor", async () => {
    const cookie = await signInOverHttp(app.base, "facilitator@example.com");
    // Two-factor turned on after this session began: the session has not passed it.
    app.server.services.conn.sqlite.prepare("update users set totp_key = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' where email = 'facilitator@example.com'").run();
    try {
      const socket = openSocket({ cookie });
      expect(await outcome(socket)).toBe("unauthorised");
      socket.close();
    } finally {
      app.server.services.conn.sqlite.prepare("update users set totp_key = null where email = 'facilitator@example.com'").run();
    }
  });

  it("drops a live connection whose session has ended when it next acts in a meeting", async () => {
    const cookie = await signInOverHttp(app.base, "lead@example.com");
    const socket = openSocket({ cookie });
    expect(await outcome(socket)).toBe("connected");
    const sqlite = app.server.services.conn.sqlite;
    const lead = sqlite.prepare("select id from users where email = 'lead@example.com'").get() as { id: string };
    // The session goes idle past its deadline while the socket stays open.
    sqlite.prepare("update sessions set expires_at = ? where user_id = ?").run(Math.floor(Date.now() / 1000) - 1, lead.id);
    const dropped = new Promise<string>((done) => socket.once("disconnect", (reason) => done(reason)));
    const reply = await socket.emitWithAck("meeting:join", { meetingId: "any" });
    expect(reply).toEqual({ ok: false, error: "Your session has ended. Sign in again." });
    expect(await dropped).toBe("io server disconnect");
  });

  it("accepts a signed-in person, answers a clock sync, and drops them when they sign out", async () => {
    const cookie = await signInOverHttp(app.base, "advisory@example.com");
    const socket = openSocket({ cookie });
    expect(await outcome(socket)).toBe("connected");
    const reply = await socket.emitWithAck("clock:sync", { clientSentAt: 123 });
    expect(reply.ok).toBe(true);
    expect(reply.value.clientSentAt).toBe(123);
    expect(Math.abs(reply.value.serverNow - Date.now())).toBeLessThan(5000);
    const bad = await socket.emitWithAck("clock:sync", { clientSentAt: "soon", __proto__: {} });
    expect(bad.ok).toBe(false);

    const dropped = new Promise<string>((done) => socket.once("disconnect", (reason) => done(reason)));
    await fetch(`${app.base}/sign-out`, { method: "POST", headers: { Cookie: cookie, Origin: app.base }, redirect: "manual" });
    expect(await dropped).toBe("io server disconnect");
  });
});
