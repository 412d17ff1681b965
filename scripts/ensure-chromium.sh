#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (never a browser a tool downloads itself):
# install the package when /usr/bin/chromium is missing.
set -euo pipefail

CHROMIUM=${LANTERN_CHROMIUM:-/usr/bin/chromium}
if [[ -x $CHROMIUM ]]; then
  exit 0
fi
echo "$CHROMIUM is missing: installing Debian's chromium."
"$(dirname "$0")/apt-install.sh" chromium
if [[ ! -x $CHROMIUM ]]; then
  echo "chromium was installed but $CHROMIUM is still missing." >&2
  exit 1
fi
"$CHROMIUM" --version || true
