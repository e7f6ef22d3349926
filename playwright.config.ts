import { defineConfig, devices } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const ORIGIN = `http://localhost:${PORT}`;

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: ORIGIN,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
  },
  projects: [
    {
      name: "chromium",
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          // Debian's Chromium: Playwright cannot download its own browser here.
          executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
          args: [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
          ],
        },
      },
    },
  ],
  webServer: {
    // A fresh database and outbox for every run, seeded with the demo data.
    command: "rm -rf e2e/.tmp && node --import tsx server.ts",
    url: `${ORIGIN}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      NODE_ENV: "production",
      PORT: String(PORT),
      HOST: "127.0.0.1",
      APP_ORIGIN: ORIGIN,
      DATABASE_PATH: "e2e/.tmp/e2e.sqlite",
      OUTBOX_DIR: "e2e/.tmp/outbox",
      // Email goes to GOV.UK Notify, answered by msw in the server process;
      // each request Notify receives is recorded for the tests to read.
      MOCKS: "true",
      NOTIFY_API_KEY: "e2e_key-26785a09-ab16-4eb0-8407-a37497a57506-3d844edf-8d35-48ac-975b-e847b4f122b0",
      NOTIFY_TEMPLATE_ID: "f33517ff-2a88-4f6e-b855-c550268ce08a",
      MOCK_NOTIFY_RECORD: "e2e/.tmp/notify.jsonl",
      SCHEDULER: "on",
      SCHEDULER_INTERVAL_SECONDS: "2",
      SEED_DEMO: "true",
      REQUIRE_MFA: "false",
      SECURE_COOKIES: "false",
      LOG_LEVEL: "silent",
    },
  },
});
