#!/usr/bin/env bash
# Everything the project needs on a fresh machine: Node 22, npm packages, the Prisma clients,
# the database schema. With --browser also Debian's Chromium for the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node22.sh
bash scripts/install.sh
if [[ " $* " == *" --browser "* ]] && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install -y chromium' for the browser tests" >&2
  fi
fi
bash scripts/prisma.sh generate >/dev/null
DATABASE_URL=postgresql://localhost/unused bash scripts/prisma.sh generate >/dev/null
