/**
 * Runs before every test file: msw answers outside services and fails the
 * test on any outside request it does not know; an unexpected console.error
 * fails the test too.
 */
import { afterAll, afterEach, beforeAll, beforeEach, vi } from "vitest";
import { mockServer } from "./mocks/node";

process.env.LOG_LEVEL ??= "silent";

beforeAll(() =>
  mockServer.listen({
    onUnhandledRequest(request, print) {
      const url = new URL(request.url);
      if (["localhost", "127.0.0.1", "::1"].includes(url.hostname)) return;
      print.error();
      throw new Error(`Unhandled outside request in a test: ${request.method} ${request.url}`);
    },
  }),
);
afterEach(() => mockServer.resetHandlers());
afterAll(() => mockServer.close());

let consoleErrors: unknown[][] = [];
beforeEach(() => {
  consoleErrors = [];
  vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    consoleErrors.push(args);
  });
});
afterEach(() => {
  vi.restoreAllMocks();
  if (consoleErrors.length) {
    throw new Error(`Unexpected console.error: ${consoleErrors.map((a) => a.map(String).join(" ")).join("\n")}`);
  }
});
