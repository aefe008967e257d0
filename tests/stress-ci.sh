#!/usr/bin/env bash
# Runs the README's test command N times, each in a fresh clone of this checkout's HEAD, while
# stress-ng keeps one core 60 % busy, and prints "N passed, M failed".
#
#   tests/stress-ci.sh [N] [--parallel]
#
# --parallel drops `-m:1` from the test command, so the test projects run side by side: the run then
# tells whether the suite stays green without it. Each run's output is kept in $STRESS_CI_LOGS
# (default: a new folder under /tmp), and a failed run's failing tests are listed at the end.
set -euo pipefail

runs=${1:-5}
parallel=false
if [ "${2:-}" = "--parallel" ]; then
  parallel=true
fi
if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then
  echo "usage: tests/stress-ci.sh [N] [--parallel]  (N: how many runs, at least 1)" >&2
  exit 2
fi

repo=$(cd "$(dirname "$0")/.." && pwd)
logs=${STRESS_CI_LOGS:-$(mktemp -d /tmp/stress-ci.XXXXXX)}
mkdir -p "$logs"

command -v stress-ng >/dev/null 2>&1 ||
  (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y stress-ng) >/dev/null

# The same command .ci/run takes from the README.
test_command=$(awk '/^Run every test/{found=1} found && /^```sh/{getline; print; exit}' "$repo/README.md")
if [ -z "$test_command" ]; then
  echo "could not find the test command in README.md" >&2
  exit 1
fi
if $parallel; then
  test_command=${test_command// -m:1/}
fi

stress-ng --cpu 1 --cpu-load 60 --quiet &
stress_pid=$!
work=$(mktemp -d /tmp/stress-ci-clone.XXXXXX)
cleanup() {
  kill "$stress_pid" 2>/dev/null || true
  wait "$stress_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

passed=0
failed=0
for run in $(seq 1 "$runs"); do
  clone="$work/run-$run"
  git clone --quiet "$repo" "$clone"
  log="$logs/run-$run.log"
  started=$(date +%s)
  if (cd "$clone" && CI=true bash -c "$test_command") >"$log" 2>&1; then
    passed=$((passed + 1))
    outcome=passed
  else
    failed=$((failed + 1))
    outcome=failed
  fi
  echo "run $run: $outcome in $(( $(date +%s) - started )) s ($log)"
  if [ "$outcome" = failed ]; then
    grep -E '^\s+Failed [A-Za-z]' "$log" | sed 's/^/    /' || true
  fi
  rm -rf "$clone"
done

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
