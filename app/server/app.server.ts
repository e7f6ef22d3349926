/**
 * Builds the whole server: settings, database (migrated, optionally seeded),
 * mailer, Express with the security middleware, the Remix handler and
 * Socket.IO on the same HTTP server. `server.ts` calls this through the Remix
 * server build (`build.entry.module`), so the process holds one copy of the
 * database connection and of live state (architecture.md).
 */
import { randomBytes, randomUUID } from "node:crypto";
import { createServer, type Server as HttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express, { type NextFunction, type Request, type Response } from "express";
import { openDatabase, runMigrations } from "~db/client";
import { seedDemo } from "~db/seed";
import { warmUpTagger } from "~/domain/themes/tagger";
import { attachRealtime } from "~realtime/server";
import { applyCommands, liveAccessReader, loadOrCreateLiveMeeting, recordPresence } from "~/models/live-meetings.server";
import { setServices, type Services } from "./context.server";
import { notifyMailer, outboxMailer, type Mailer } from "./email.server";
import { parseEnv, type Env } from "./env.server";
import { touchSession } from "./auth.server";
import { userFromCookie } from "./guards.server";
import { log, loggablePath } from "./log.server";
import { startScheduler, type Scheduler } from "./scheduler.server";

export const MAX_BODY_BYTES = 1024 * 1024;
const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export type AppServer = {
  env: Env;
  httpServer: HttpServer;
  services: Services;
  /** Resolves with the bound port. */
  listen(): Promise<number>;
  close(): Promise<void>;
  demoSignIns: string[];
};

export function allowedOrigins(env: Env) {
  return new Set([new URL(env.APP_ORIGIN).origin, ...env.ALLOWED_ORIGINS.map((o) => new URL(o).origin)]);
}

export async function createAppServer(options: {
  build: ServerBuild;
  envSource?: NodeJS.ProcessEnv;
  mailer?: Mailer;
}): Promise<AppServer> {
  const env = parseEnv(options.envSource ?? process.env);
  const conn = openDatabase(env.DATABASE_PATH);
  runMigrations(conn);

  if (env.MOCKS) {
    // Dev-only: msw answers outside services (GOV.UK Notify) so nothing leaves the machine.
    const mocks = await import(/* @vite-ignore */ pathToFileURL(resolve("tests/mocks/node.ts")).href);
    mocks.startMockServer();
  }
  const mailer =
    options.mailer ??
    (env.NOTIFY_API_KEY && env.NOTIFY_TEMPLATE_ID
      ? notifyMailer(env.NOTIFY_API_KEY, env.NOTIFY_TEMPLATE_ID)
      : outboxMailer(env.OUTBOX_DIR));
  const services: Services = { env, conn, mailer };
  setServices(services);

  const demoSignIns = env.SEED_DEMO ? await seedDemo(conn) : [];
  // The theme tagger's language model takes up to a second to load: at start-up, not on a facilitator's first review.
  if (env.NODE_ENV === "production") warmUpTagger();

  // Reminders and notices; off in tests unless asked for, so tests run jobs themselves.
  const schedulerOn = env.SCHEDULER === "on" || (env.SCHEDULER !== "off" && env.NODE_ENV !== "test");
  const scheduler: Scheduler | null = schedulerOn ? startScheduler(env.SCHEDULER_INTERVAL_SECONDS * 1000) : null;

  const origins = allowedOrigins(env);
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", env.TRUST_PROXY);

  app.use((req, res, next) => {
    const requestId = randomUUID();
    req.headers["x-request-id"] = requestId;
    res.locals.requestId = requestId;
    res.locals.cspNonce = randomBytes(16).toString("base64");
    res.setHeader("X-Request-Id", requestId);
    setSecurityHeaders(res, env);
    next();
  });

  // CSRF defence: a state-changing request must come from our own origin.
  app.use((req, res, next) => {
    if (!UNSAFE_METHODS.has(req.method)) return next();
    const origin = req.get("origin");
    const site = req.get("sec-fetch-site");
    const crossOrigin = origin ? !origins.has(origin) : site === "cross-site";
    if (crossOrigin) {
      log.warn("refused cross-origin request", { method: req.method, path: loggablePath(req.path), origin: origin ?? null });
      res.status(403).type("text/plain").send("Cross-origin requests are not allowed");
      return;
    }
    next();
  });

  // Request bodies: at most 1 MB, and the size must be declared up front.
  app.use((req, res, next) => {
    if (!UNSAFE_METHODS.has(req.method)) return next();
    const length = req.get("content-length");
    if (length === undefined) {
      if (req.get("transfer-encoding")) {
        res.status(411).type("text/plain").send("A Content-Length header is required");
        return;
      }
      return next();
    }
    if (Number(length) > MAX_BODY_BYTES) {
      res.status(413).type("text/plain").send("The request is too large (the limit is 1 MB)");
      req.resume();
      return;
    }
    next();
  });

  app.use(compression());
  app.use("/build", express.static("public/build", { immutable: true, maxAge: "1y" }));
  app.use(express.static("public", { maxAge: "1h" }));

  app.get("/healthz", (_req, res) => {
    conn.sqlite.prepare("select 1").get();
    res.type("text/plain").send("ok");
  });

  app.all(
    "*",
    createRequestHandler({
      build: options.build,
      mode: env.NODE_ENV === "production" ? "production" : "development",
      getLoadContext: (req: Request, res: Response) => ({
        ip: req.ip ?? "unknown",
        cspNonce: res.locals.cspNonce as string,
      }),
    }),
  );

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    log.error("unhandled request error", { requestId: res.locals.requestId, path: loggablePath(req.path), error: String(error) });
    if (!res.headersSent) {
      res.status(500).type("text/plain").send(`Sorry, something went wrong. Reference: ${res.locals.requestId}`);
    }
  });

  const httpServer = createServer(app);
  services.io = attachRealtime(httpServer, {
    allowedOrigins: origins,
    authenticate: async (cookieHeader) => {
      const user = await userFromCookie(cookieHeader);
      // Same bar as a page: an active person past their second factor, if they have one.
      if (!user || (user.hasTotp && !user.twoFactorVerified)) return null;
      return { userId: user.id, sessionId: user.sessionId };
    },
    meetings: {
      accessReader: liveAccessReader,
      loadSnapshotState: (meetingId) => loadOrCreateLiveMeeting(meetingId),
      applyCommands,
      recordPresence,
    },
    log,
    touchSession,
  });

  return {
    env,
    httpServer,
    services,
    demoSignIns,
    listen: () =>
      new Promise((resolveListen, reject) => {
        httpServer.once("error", reject);
        httpServer.listen(env.PORT, env.HOST, () => resolveListen((httpServer.address() as AddressInfo).port));
      }),
    close: async () => {
      // First, so no job is half-recorded when the database closes.
      await scheduler?.stop();
      await new Promise<void>((done) => services.io?.close(() => done()) ?? done());
      await new Promise<void>((done) => {
        httpServer.close(() => done());
        httpServer.closeAllConnections?.();
      });
      conn.sqlite.close();
      setServices(undefined);
    },
  };
}

function setSecurityHeaders(res: Response, env: Env) {
  const nonce = res.locals.cspNonce as string;
  res.setHeader(
    "Content-Security-Policy",
    [
      "default-src 'self'",
      `script-src 'self' 'nonce-${nonce}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "font-src 'self'",
      "connect-src 'self'",
      "form-action 'self'",
      "frame-ancestors 'none'",
      "object-src 'none'",
      "base-uri 'none'",
    ].join("; "),
  );
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "same-origin");
  res.setHeader("X-Frame-Options", "DENY");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
  res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  if (env.SECURE_COOKIES) {
    res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  }
}
