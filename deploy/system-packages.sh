#!/usr/bin/env bash
# The machine packages the tests need beyond Python, Java and Maven, from Debian: PostgreSQL (the tests start
# a throwaway server from its binaries) and Chromium (the portal's browser tests; no browser download).
# Installs only what is missing; needs root or sudo for that.
set -euo pipefail

missing=()
if ! command -v pg_ctl >/dev/null && ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  missing+=(postgresql)
fi
if ! command -v chromium >/dev/null && ! command -v chromium-browser >/dev/null; then
  missing+=(chromium)
fi
[ ${#missing[@]} -eq 0 ] && exit 0

echo "installing from Debian: ${missing[*]}"
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
as_root apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
