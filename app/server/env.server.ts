/**
 * Every setting the app reads, parsed once. `.env.example` documents each one.
 */
import { z } from "zod";

const bool = (fallback: boolean) =>
  z
    .enum(["true", "false", "1", "0", ""])
    .optional()
    .transform((v) => (v === undefined || v === "" ? fallback : v === "true" || v === "1"));

export function parseEnv(source: NodeJS.ProcessEnv = process.env) {
  const production = source.NODE_ENV === "production";
  const schema = z.object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    HOST: z.string().default("0.0.0.0"),
    APP_ORIGIN: z.url().default("http://localhost:3000"),
    ALLOWED_ORIGINS: z
      .string()
      .default("")
      .transform((s) => s.split(",").map((o) => o.trim()).filter(Boolean)),
    DATABASE_PATH: z.string().min(1).default("data/als.sqlite"),
    SEED_DEMO: bool(!production),
    REQUIRE_MFA: bool(production),
    SECURE_COOKIES: bool(production),
    /** How many reverse proxies sit in front (0 = none): decides which X-Forwarded-For hop is the client. */
    TRUST_PROXY: z.coerce.number().int().min(0).max(5).default(0),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
    SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
    NOTIFY_API_KEY: z.string().optional(),
    NOTIFY_TEMPLATE_ID: z.string().optional(),
    OUTBOX_DIR: z.string().default("outbox"),
    MOCKS: bool(false),
    SIGN_IN_LIMIT_PER_IP: z.coerce.number().int().min(1).default(50),
    /** Runs the email jobs in this process; unset means on, except under NODE_ENV=test. */
    SCHEDULER: z.enum(["on", "off"]).optional(),
    SCHEDULER_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  });
  const env = schema.parse(source);
  if (env.NOTIFY_API_KEY && !env.NOTIFY_TEMPLATE_ID) {
    throw new Error("NOTIFY_TEMPLATE_ID must be set when NOTIFY_API_KEY is set");
  }
  return env;
}

export type Env = ReturnType<typeof parseEnv>;
