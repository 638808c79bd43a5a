#!/usr/bin/env bash
# Starts a throwaway PostgreSQL on loopback in folder $1 for the test run and prints its URL;
# `scripts/postgres.sh --stop <folder>` stops it; `--restart <folder>` restarts it (fault tests).
# Installs Debian's postgresql when missing (as root). Prints nothing when PostgreSQL cannot run here.
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bindir" ] && [ "$(id -u)" = 0 ]; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null 2>&1 || true
  bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
fi
[ -n "$bindir" ] || exit 0
run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
if [ "${1:-}" = --restart ]; then run "$bindir/pg_ctl" -D "$2/data" -l "$2/log" -w restart -m fast >/dev/null; exit 0; fi
if [ "${1:-}" = --stop ]; then run "$bindir/pg_ctl" -D "$2/data" stop -m immediate >/dev/null 2>&1 || true; exit 0; fi
dir="$1"
mkdir -p "$dir"
[ "$(id -u)" = 0 ] && chown postgres "$dir"
port=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
run "$bindir/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
run "$bindir/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=200" start >/dev/null
echo "postgresql://postgres@127.0.0.1:$port/postgres"
