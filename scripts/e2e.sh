#!/usr/bin/env bash
# End-to-end tests: the built server in headless Chromium (Debian's chromium,
# driven by playwright-core). Installs chromium with apt-get when it is missing
# and we are root. Expects bin/tandem (make build).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "e2e: installing Debian's chromium with apt-get (needed for the browser tests)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "e2e: /usr/bin/chromium is missing; install Debian's chromium package (apt-get install chromium) and run again" >&2
    exit 1
  fi
fi
if [ ! -x bin/tandem ]; then
  echo "e2e: bin/tandem is missing; run 'make build' first" >&2
  exit 1
fi
if [ ! -d frontend/node_modules ]; then
  (cd frontend && npm install --no-audit --no-fund)
fi
cd frontend
npm run --silent e2e
