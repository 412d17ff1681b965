#!/usr/bin/env bash
# What `make test` runs once everything is installed: ruff, ruff format --check and mypy,
# then the whole pytest suite on SQLite and again on PostgreSQL (scripts/test-postgres.sh),
# then a short summary. Every stage runs even when an earlier one failed; the exit code is
# non-zero if any failed.
#
# Usage: scripts/test.sh [pytest args...]
# LANTERN_MAKE_START (seconds since the epoch) is when `make test` started, for the total.
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
bin=$root/.venv/bin

# The browser tests skip themselves when Chromium or axe-core is missing, except here:
# `make test` has installed both, so a missing one is a failure.
export LANTERN_BROWSER_TESTS=required
# Python's bytecode and pytest's rewritten test modules are kept from one run to the next,
# in .venv (out of the source tree, removed by make clean), even where the shell sets
# PYTHONDONTWRITEBYTECODE: without them each run, and each `lantern` a test starts in a
# subprocess, compiles Lantern and rewrites every test module's asserts all over again
# (about half of collection's CPU time).
export PYTHONPYCACHEPREFIX=$root/.venv/pycache
unset PYTHONDONTWRITEBYTECODE
summary=$(mktemp "${TMPDIR:-/tmp}/lantern-summary.XXXXXX")
trap 'rm -f "$summary"' EXIT
export LANTERN_TEST_SUMMARY=$summary

script_start=$(date +%s)
make_start=${LANTERN_MAKE_START:-$script_start}
stages=()
failed_stages=()

stage() { # NAME COMMAND...: runs it, timing it, and remembers whether it failed
  local name=$1 start rc
  shift
  echo
  echo "=== $name ==="
  start=$(date +%s)
  "$@"
  rc=$?
  stages+=("$(printf '%-24s %4ss  %s' "$name" "$(($(date +%s) - start))" "$([[ $rc -eq 0 ]] && echo ok || echo "FAILED (exit $rc)")")")
  [[ $rc -eq 0 ]] || failed_stages+=("$name")
}

stage "ruff check" "$bin/ruff" check .
stage "ruff format --check" "$bin/ruff" format --check .
stage "mypy" "$bin/mypy"
# The two databases' runs share nothing (each has its own data directory, database and
# live-server port), so they run side by side: on two cores that takes the time of the
# longer one instead of both. Each writes its own log, shown whole when both have ended.
logs=$(mktemp -d "${TMPDIR:-/tmp}/lantern-logs.XXXXXX")
trap 'rm -f "$summary"; rm -rf "$logs"' EXIT
side_by_side() {
  local pids=() names=("pytest on SQLite" "pytest on PostgreSQL") i rc
  local starts=()
  starts[0]=$(date +%s)
  # The page-and-role matrix (marked pages) reads pages, not the database: once, on
  # PostgreSQL, while SQLite runs the browser tests; so do the slow tests that never touch
  # the database (marked once_on_postgresql), so that both runs end together (README, make test).
  env -u DATABASE_URL "$root/scripts/pytest-run.sh" SQLite -m "not pages and not once_on_postgresql" \
    "$@" >"$logs/0" 2>&1 &
  pids[0]=$!
  starts[1]=$(date +%s)
  # The browser tests test the pages: once, on SQLite, is enough; and a test that never
  # touches the database (LANTERN_TESTS_DATABASE_ONLY, tests/conftest.py) proves nothing
  # new on a second one (README, make test).
  LANTERN_TESTS_DATABASE_ONLY=1 "$root/scripts/test-postgres.sh" -m "not browser" "$@" \
    >"$logs/1" 2>&1 &
  pids[1]=$!
  for i in 0 1; do
    wait "${pids[$i]}"
    rc=$?
    echo
    echo "=== ${names[$i]} ==="
    cat "$logs/$i"
    stages+=("$(printf '%-24s %4ss  %s' "${names[$i]}" "$(($(date +%s) - starts[i]))" "$([[ $rc -eq 0 ]] && echo ok || echo "FAILED (exit $rc)")")")
    [[ $rc -eq 0 ]] || failed_stages+=("${names[$i]}")
  done
}
side_by_side "$@"

end=$(date +%s)
total_passed=0 total_failed=0 total_skipped=0
echo
echo "=== Summary ==="
printf '%-24s %4ss  %s\n' "installs (make)" "$((script_start - make_start))" "ok"
printf '%s\n' "${stages[@]}"
echo
while IFS=$'\t' read -r label rc passed failed errors skipped seconds closing; do
  printf '%-62s %4ss  %s\n' "$label" "$seconds" "$closing"
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed + errors))
  total_skipped=$((total_skipped + skipped))
done <"$summary"
echo "Total time: $((end - make_start))s"
if [[ ${#failed_stages[@]} -gt 0 ]]; then
  (IFS=','; echo "Failed stages: ${failed_stages[*]}" | sed 's/,/, /g')
fi
echo "Total: $total_passed passed, $total_failed failed, $total_skipped skipped"
[[ ${#failed_stages[@]} -eq 0 ]]
