#!/usr/bin/env bash
# Installs Debian packages by name: as root directly, else through sudo when there is one.
# Usage: scripts/apt-install.sh PACKAGE...
set -euo pipefail

if [[ $# -eq 0 ]]; then
  echo "usage: $0 PACKAGE..." >&2
  exit 2
fi
if [[ $(id -u) -eq 0 ]]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1; then
  as_root=(sudo)
else
  echo "Installing $* needs root, and there is no sudo: install it yourself (apt-get install $*)." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
echo "Installing Debian packages: $*"
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive \
  apt-get install -y -qq "$@"
