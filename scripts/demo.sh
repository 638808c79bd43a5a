#!/usr/bin/env bash
# One command from a fresh clone to the running demo: installs, migrates, seeds the demo shop,
# builds and serves the app on http://localhost:${PORT:-3000} with the local demo login.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source scripts/node22.sh
export DUNLY_DEMO=1 NODE_ENV="${NODE_ENV:-demo}"
if [ "$NODE_ENV" = production ]; then echo "demo mode never runs with NODE_ENV=production" >&2; exit 1; fi
export DATABASE_URL="${DATABASE_URL:-file:./data/demo.sqlite}"
export SHOPIFY_API_KEY="${SHOPIFY_API_KEY:-demo}" SHOPIFY_API_SECRET="${SHOPIFY_API_SECRET:-demo-secret}"
export SHOPIFY_APP_URL="${SHOPIFY_APP_URL:-http://localhost:${PORT:-3000}}" PORT="${PORT:-3000}"
rm -f "${DATABASE_URL#file:}" "${DATABASE_URL#file:}-wal" "${DATABASE_URL#file:}-shm"  # the demo book is dated from today: start fresh
npx tsx scripts/migrate.ts
npx tsx scripts/seed.ts
npm run build >/dev/null
echo "Dunly demo: open http://localhost:${PORT}/demo"
exec node server/index.mjs build/server/index.js
