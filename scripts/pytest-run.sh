#!/usr/bin/env bash
# Runs the whole pytest suite once, under a label, and records how it ended.
#
# Usage: scripts/pytest-run.sh LABEL [pytest args...]
#
# pytest's exit code 5 ("no tests ran") counts as a failure here. When
# LANTERN_TEST_SUMMARY names a file, one line is appended to it:
#   LABEL<TAB>exit code<TAB>passed<TAB>failed<TAB>errors<TAB>skipped<TAB>seconds<TAB>pytest's closing line
set -uo pipefail

if [[ $# -lt 1 ]]; then
  echo "usage: $0 LABEL [pytest args...]" >&2
  exit 2
fi
label=$1
shift
root=$(cd "$(dirname "$0")/.." && pwd)
pytest=${PYTEST:-$root/.venv/bin/pytest}

log=$(mktemp "${TMPDIR:-/tmp}/lantern-pytest.XXXXXX")
trap 'rm -f "$log"' EXIT

start=$SECONDS
(cd "$root" && "$pytest" "$@") 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
seconds=$((SECONDS - start))

# pytest's closing line: "=== 150 passed, 2 skipped in 12.34s ===" (or without the rules under -q).
closing=$(grep -E ' in [0-9.]+s( \([0-9:]+\))?( =+)?$' "$log" | tail -n 1 | sed -E 's/^=+ //; s/ =+$//')
count() { # the number before WORD in the closing line, or 0
  local n
  n=$(grep -oE "[0-9]+ $1" <<<"$closing" | head -n 1 | cut -d' ' -f1)
  echo "${n:-0}"
}
passed=$(count passed)
failed=$(count failed)
errors=$(count 'errors?')
skipped=$(count skipped)

if [[ $rc -eq 5 ]]; then
  echo "pytest on $label collected no tests: that is a failure." >&2
  rc=1
elif [[ $rc -eq 0 && $passed -eq 0 ]]; then
  echo "pytest on $label passed no test: that is a failure." >&2
  rc=1
fi

if [[ -n ${LANTERN_TEST_SUMMARY:-} ]]; then
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' \
    "$label" "$rc" "$passed" "$failed" "$errors" "$skipped" "$seconds" "${closing:-no closing line}" \
    >>"$LANTERN_TEST_SUMMARY"
fi
exit "$rc"
