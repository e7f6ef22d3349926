#!/usr/bin/env bash
# The one test command (npm test): type-check, build, unit and integration
# tests, then the Playwright end-to-end tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== type-check"
npx tsc --noEmit
echo "== build"
npm run -s build
echo "== unit and integration tests"
npx vitest run
echo "== end-to-end tests (Chromium)"
node scripts/ensure-chromium.mjs
npx playwright test
