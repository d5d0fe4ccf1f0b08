#!/usr/bin/env bash
# Capacity of the server stores (issue 15): sessions with a 1 KB cart loaded through the store API into a local Redis
# and a local PostgreSQL, both started here on free loopback ports (no persistence, fsync off), with the bytes per
# session and the time and server work of each operation at each checkpoint, the owner index at 10,000 sessions of one
# user, and the PostgreSQL cleanup of every row once expired. Prints a Markdown report; not part of the test run.
#
#   benchmarks/run-capacity.sh                                   # 10,000 / 100,000 / 1,000,000 sessions
#   CHECKPOINTS=10000,100000 SAMPLES=1000 benchmarks/run-capacity.sh
#
# Needs redis-server and the PostgreSQL server binaries (apt-get install -y redis-server postgresql). The 1,000,000 run
# takes about 2.5 GB of memory for Redis and 2 GB of disk for PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

CHECKPOINTS=${CHECKPOINTS:-10000,100000,1000000}
SAMPLES=${SAMPLES:-2000}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$pg_bin/initdb" ] || { echo "run-capacity.sh: PostgreSQL server binaries not found (apt-get install -y postgresql)" >&2; exit 1; }
command -v redis-server >/dev/null || { echo "run-capacity.sh: redis-server not found (apt-get install -y redis-server)" >&2; exit 1; }

work=$(mktemp -d); redis_pid=""
as_pg() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$*"; else sh -c "$*"; fi; }
cleanup() {
  [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null
  as_pg "$pg_bin/pg_ctl -D $work/pg -m immediate stop" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
[ "$(id -u)" -eq 0 ] && chown postgres:postgres "$work"

redis_port=$(free_port)
redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no >"$work/redis.log" 2>&1 &
redis_pid=$!

pg_port=$(free_port)
as_pg "$pg_bin/initdb -D $work/pg -U scsession --auth=trust --encoding=UTF8 --no-locale --no-sync" >"$work/initdb.log"
as_pg "$pg_bin/pg_ctl -D $work/pg -l $work/pg.log -w -o '-p $pg_port -c listen_addresses=127.0.0.1 -k $work -c fsync=off -c max_connections=200' start" >/dev/null
as_pg "$pg_bin/psql -h 127.0.0.1 -p $pg_port -U scsession -d postgres -qc 'CREATE DATABASE capacity'"

dotnet build -c Release -v q -nologo benchmarks/ScSession.Benchmarks >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
cd benchmarks/ScSession.Benchmarks
dotnet run -c Release --no-build -- capacity --checkpoints "$CHECKPOINTS" --samples "$SAMPLES" \
  --redis "127.0.0.1:$redis_port" \
  --postgres "Host=127.0.0.1;Port=$pg_port;Username=scsession;Database=capacity"
