#!/usr/bin/env bash
# End-to-end load comparison over HTTP on loopback. Builds benchmarks/ScSession.LoadApp in Release, starts it on a
# free 127.0.0.1 port (and its own redis-server on another free port when redis-server is installed), drives every
# variant with wrk, and prints requests/s and p99 latency as ratios to /none measured in the same run.
# Writes benchmarks/results/load.csv and docs/benchmarks-load.svg.
#
#   benchmarks/run-load.sh                      # 10 s per variant, 32 connections, 2 wrk threads
#   DURATION=20s CONNECTIONS=64 benchmarks/run-load.sh
#   VARIANTS="scsession-memory-lww scsession-memory scsession-memory-exclusive" OUT=benchmarks/results/x.csv benchmarks/run-load.sh
#                                               # chosen variants only (the Redis ones need redis-server), no chart
#
# Absolute numbers depend on the machine and on what else runs on it (wrk, the app and Redis share its cores):
# read the ratios. Nothing leaves the loopback interface.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-10s}
WARMUP=${WARMUP:-3s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! command -v wrk >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "run-load.sh: installing wrk"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
  else
    echo "run-load.sh: wrk is required (sudo apt-get install -y wrk)" >&2
    exit 1
  fi
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

wait_for() { # wait_for <host> <port> <seconds>
  for _ in $(seq 1 $(( $3 * 10 ))); do
    if (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}

app_pid=""; redis_pid=""; work=$(mktemp -d)
cleanup() {
  [ -n "$app_pid" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
  [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null && wait "$redis_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

echo "run-load.sh: building the load app (Release)"
dotnet build -c Release -v q -nologo benchmarks/ScSession.LoadApp >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }

variants=(none scsession-cookie aspnet-session dp-cookie scsession-memory)
redis_arg=()
if command -v redis-server >/dev/null 2>&1; then
  redis_port=$(free_port)
  redis-server --port "$redis_port" --bind 127.0.0.1 --save "" --appendonly no --protected-mode yes >"$work/redis.log" 2>&1 &
  redis_pid=$!
  wait_for 127.0.0.1 "$redis_port" 10 || { echo "run-load.sh: redis-server did not start" >&2; cat "$work/redis.log" >&2; exit 1; }
  redis_arg=(--redis "127.0.0.1:$redis_port")
  variants+=(scsession-redis aspnet-session-redis)
elif [ -n "${VARIANTS:-}" ] && [[ "$VARIANTS" == *redis* ]]; then
  echo "run-load.sh: VARIANTS asks for Redis, but redis-server is not installed" >&2
  exit 1
else
  echo "run-load.sh: redis-server not installed: skipping the Redis variants"
fi

if [ -n "${VARIANTS:-}" ]; then
  read -r -a variants <<<"none $VARIANTS" # /none first (and last): the baseline
fi

port=$(free_port)
DOTNET_gcServer=1 dotnet benchmarks/ScSession.LoadApp/bin/Release/net10.0/ScSession.LoadApp.dll \
  --urls "http://127.0.0.1:$port" "${redis_arg[@]}" >"$work/app.log" 2>&1 &
app_pid=$!
wait_for 127.0.0.1 "$port" 30 || { echo "run-load.sh: the load app did not start" >&2; cat "$work/app.log" >&2; exit 1; }

# Each variant must carry its session: a second request with the first response's cookies loads the 11-line cart.
for v in "${variants[@]}"; do
  jar="$work/$v.cookies"
  curl -s -o /dev/null -c "$jar" -X POST "http://127.0.0.1:$port/$v"
  loaded=$(curl -s -b "$jar" -X POST "http://127.0.0.1:$port/$v")
  if [ "$loaded" != 11 ]; then
    echo "run-load.sh: /$v did not carry its session (loaded '$loaded' lines, expected 11)" >&2
    exit 1
  fi
done

run() { # run <path> <duration> -> "rps p99_ms non2xx errors new_sessions"
  local line
  line=$(wrk -t "$THREADS" -c "$CONNECTIONS" -d "$2" --timeout 5s -s benchmarks/wrk-session.lua "http://127.0.0.1:$port/$1" | grep '^RESULT ')
  awk '{ printf "%.1f %.3f %d %d %d\n", $2 / ($3 / 1e6), $4 / 1000, $5, $6, $7 }' <<<"$line"
}

# /none runs first and last; its mean is the baseline, so a drift during the run shows and is averaged out.
order=("${variants[@]}" none)
declare -A rps p99 bad
none_rps=(); none_p99=()
for v in "${order[@]}"; do
  run "$v" "$WARMUP" >/dev/null
  read -r r p n e f < <(run "$v" "$DURATION")
  echo "  /$v: $r req/s, p99 $p ms, non-2xx $n, socket errors $e, requests that started a session $f"
  if [ "$v" = none ]; then none_rps+=("$r"); none_p99+=("$p"); fi
  rps[$v]=$r; p99[$v]=$p; bad[$v]=$(( n + e ))
done
rps[none]=$(awk -v a="${none_rps[0]}" -v b="${none_rps[1]}" 'BEGIN { printf "%.1f", (a + b) / 2 }')
p99[none]=$(awk -v a="${none_p99[0]}" -v b="${none_p99[1]}" 'BEGIN { printf "%.3f", (a + b) / 2 }')

mkdir -p benchmarks/results docs
csv=${OUT:-benchmarks/results/load.csv}
mkdir -p "$(dirname "$csv")"
echo "variant,requests_per_s,p99_ms,rps_ratio,p99_ratio,errors" >"$csv"
printf '\n%-22s %12s %10s %10s %10s\n' variant "req/s" "p99 ms" "rps ratio" "p99 ratio"
for v in "${variants[@]}"; do
  line=$(awk -v r="${rps[$v]}" -v p="${p99[$v]}" -v r0="${rps[none]}" -v p0="${p99[none]}" \
    'BEGIN { printf "%.1f,%.3f,%.3f,%.3f", r, p, r / r0, p / p0 }')
  echo "$v,$line,${bad[$v]}" >>"$csv"
  IFS=, read -r r p rr pr <<<"$line"
  printf '%-22s %12s %10s %10s %10s\n' "$v" "$r" "$p" "$rr" "$pr"
done
echo "(none: mean of the first and last run: ${none_rps[*]} req/s)"
echo "wrote $csv"
if [ -z "${OUT:-}" ]; then
  python3 benchmarks/chart.py "$csv" docs/benchmarks-load.svg
fi
