#!/usr/bin/env bash
# Runs the Prisma CLI without its Rust engines (WASM schema engine + driver adapters),
# after refreshing the PostgreSQL copy of the schema. Usage: scripts/prisma.sh <prisma args>
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/node22.sh
mkdir -p prisma/postgresql data
sed -e 's/provider = "sqlite"/provider = "postgresql"/' -e 's#\.\./generated/sqlite#../../generated/postgresql#' \
  -e '1i // GENERATED from ../schema.prisma by scripts/prisma.sh: edit that file instead.' \
  prisma/schema.prisma > prisma/postgresql/schema.prisma
# Prisma must not try to download engines it will not use
export PRISMA_SCHEMA_ENGINE_BINARY="$PWD/package.json" PRISMA_QUERY_ENGINE_LIBRARY="$PWD/package.json"
export DATABASE_URL="${DATABASE_URL:-file:./data/dunly.sqlite}"
exec npx prisma "$@"
