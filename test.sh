#!/usr/bin/env bash
# Runs every test of the solution. Installs what the tests need when it is missing, then `dotnet test`.
# Ends with one line: "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v dotnet >/dev/null 2>&1; then
  echo "test.sh: the .NET SDK 10 is required (https://dot.net); 'dotnet' is not on PATH." >&2
  exit 1
fi

# Real servers and a real browser: the tests start their own instances (redis-server, PostgreSQL via initdb + pg_ctl,
# headless Chromium) on free loopback ports, so only the binaries are needed, not running services.
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/bin/chromium ] || need+=(chromium)   # browser tests drive Debian's Chromium (no browser download)
if [ -z "${SCSESSION_POSTGRES_BIN:-}" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && ! command -v initdb >/dev/null 2>&1; then
  need+=(postgresql)
fi
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "test.sh: installing ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null \
      || echo "test.sh: installing ${need[*]} failed; the store tests will fail." >&2
  else
    echo "test.sh: missing ${need[*]}; install them (e.g. sudo apt-get install -y ${need[*]}) — the store tests fail without them." >&2
  fi
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet test ScSession.sln "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# The code stays formatted as .editorconfig says: drift fails the run (fix it with `dotnet format ScSession.sln`).
# Skipped for a filtered run (arguments given), which is a development loop, not CI.
format_failed=0
if [ $# -eq 0 ]; then
  echo "test.sh: dotnet format ScSession.sln --verify-no-changes"
  dotnet format ScSession.sln --verify-no-changes --no-restore > "$log.format" 2>&1 || format_failed=1
  grep -v '^Warnings were encountered while loading the workspace' "$log.format" || true
  rm -f "$log.format"
fi

# VSTest prints one summary per test project: "Passed!  - Failed: 0, Passed: 35, Skipped: 0, Total: 35, ..."
read -r failed passed skipped < <(grep -oE 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" \
  | awk -F'[:,]' '{ f += $2; p += $4; s += $6 } END { printf "%d %d %d\n", f, p, s }')
projects=$(grep -cE '^(Passed|Failed)! ' "$log" || true)
expected=$(find tests -name '*.Tests.csproj' -o -name '*Tests.csproj' | sort -u | wc -l)

echo
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # A build error or a crashed test host: count it as a failure so it is never read as green.
  failed=1
fi
if [ "$format_failed" -ne 0 ]; then
  echo "test.sh: the code is not formatted as .editorconfig says (listed above); run: dotnet format ScSession.sln" >&2
  failed=$((failed + 1))
  status=1
fi
if [ "$projects" -lt "$expected" ]; then
  echo "test.sh: only $projects of $expected test projects reported results." >&2
  [ "$status" -eq 0 ] && status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
