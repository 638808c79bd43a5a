#!/usr/bin/env bash
# The test command (npm test, and .ci/run): installs what is missing, builds the app, runs every
# suite (unit, integration over HTTP on SQLite and on PostgreSQL, browser in Chromium) and ends
# with the line "tests: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
source scripts/node22.sh
if [ -z "${DUNLY_TEST_POSTGRES_URL:-}" ]; then
  pg_dir=$(mktemp -d /tmp/dunly-pg.XXXXXX)
  trap 'bash scripts/postgres.sh --stop "$pg_dir"' EXIT
  DUNLY_TEST_POSTGRES_URL=$(bash scripts/postgres.sh "$pg_dir" || true)
fi
export DUNLY_TEST_POSTGRES_URL
[ -n "$DUNLY_TEST_POSTGRES_URL" ] || echo "PostgreSQL not available: the PostgreSQL integration suite is skipped" >&2
mkdir -p test-output
if ! npx tsc --noEmit; then
  echo "tests: 0 passed, 1 failed"
  echo "type check failed" >&2
  exit 1
fi
npm run build >/dev/null
rm -f test-output/vitest.json
set +e
DUNLY_SKIP_BUILD=1 npx vitest run --reporter=default --reporter=json --outputFile.json=test-output/vitest.json "$@"
set -e
node scripts/test-summary.mjs test-output/vitest.json
