#!/usr/bin/env bash
# The long run of the Cookie header fuzzer (tests/Shared/Fuzzing): the same grammar and checks as the normal test run
# (20,000 cases per backend), with many more cases. Not part of ./test.sh. Results: docs/security.md.
#
#   scripts/fuzz-cookies.sh                 # 1,000,000 cases per backend, the fixed seed
#   scripts/fuzz-cookies.sh 5000000 1234    # cases per backend, seed
#
# Backends: cookie store (AES), cookie store (Data Protection), memory and distributed-cache stores (integration tests),
# Redis and PostgreSQL (their own servers on free loopback ports; need redis-server and the PostgreSQL binaries).
set -euo pipefail
cd "$(dirname "$0")/.."
export SCSESSION_FUZZ_CASES="${1:-1000000}"
export SCSESSION_FUZZ_SEED="${2:-20261130}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "fuzz-cookies: $SCSESSION_FUZZ_CASES cases per backend, seed $SCSESSION_FUZZ_SEED"
status=0
for project in tests/ScSession.IntegrationTests tests/ScSession.Redis.Tests tests/ScSession.Postgres.Tests; do
  log=$(mktemp)
  dotnet test "$project" -c Release --filter "Category=Fuzz" --logger "console;verbosity=detailed" >"$log" 2>&1 || status=1
  grep -E "cases in|Passed |Failed |case [0-9]+|error" "$log" || true
  rm -f "$log"
done
[ "$status" -eq 0 ] && echo "fuzz-cookies: all backends passed" || echo "fuzz-cookies: FAILED" >&2
exit "$status"
