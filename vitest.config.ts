import { resolve } from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    alias: {
      "~db": resolve(__dirname, "db"),
      "~realtime": resolve(__dirname, "realtime"),
      "~": resolve(__dirname, "app"),
    },
  },
  esbuild: { jsx: "automatic" },
  test: {
    globals: true,
    environment: "node",
    include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts", "realtime/**/*.test.ts", "tests/**/*.test.{ts,tsx}"],
    setupFiles: ["tests/setup.ts"],
    pool: "forks",
    testTimeout: 20_000,
    hookTimeout: 30_000,
    server: { deps: { inline: [/nhsuk-react-components/, /nhsuk-frontend/] } },
  },
});
