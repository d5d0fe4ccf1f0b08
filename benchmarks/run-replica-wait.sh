#!/usr/bin/env bash
# What RedisSessionStoreOptions.WaitForReplicas costs (issue 15): starts a Redis master and one replica on free loopback
# ports (no persistence), then times saves alone and 64 concurrent load+save pairs with WaitForReplicas 0 and 1.
# Prints a Markdown table; not part of the test run. Needs redis-server (apt-get install -y redis-server).
#
#   benchmarks/run-replica-wait.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
command -v redis-server >/dev/null || { echo "run-replica-wait.sh: redis-server not found (apt-get install -y redis-server)" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
work=$(mktemp -d); pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

master=$(free_port); replica=$(free_port)
redis-server --port "$master" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" >"$work/master.log" 2>&1 & pids+=($!)
redis-server --port "$replica" --bind 127.0.0.1 --save "" --appendonly no --dir "$work" --replicaof 127.0.0.1 "$master" >"$work/replica.log" 2>&1 & pids+=($!)
for _ in $(seq 100); do
  redis-cli -p "$replica" INFO replication 2>/dev/null | grep -q "master_link_status:up" && break
  sleep 0.1
done
redis-cli -p "$replica" INFO replication | grep -q "master_link_status:up" || { echo "run-replica-wait.sh: the replica did not connect" >&2; exit 1; }

dotnet build -c Release -v q -nologo benchmarks/ScSession.Benchmarks >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
cd benchmarks/ScSession.Benchmarks
dotnet run -c Release --no-build -- replica-wait --redis "127.0.0.1:$master"
