#!/usr/bin/env bash
# Installs what the project needs: Node 22, npm packages (from the lock file when present).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node22.sh
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
fi
