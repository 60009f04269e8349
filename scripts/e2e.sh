#!/usr/bin/env bash
# End-to-end tests: the built server in headless Chromium (Debian's chromium,
# driven by playwright-core). scripts/deps.sh installs chromium when it is
# missing and we are root. Expects bin/tandem (make build).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/deps.sh
if [ ! -x bin/tandem ]; then
  echo "e2e: bin/tandem is missing; run 'make build' first" >&2
  exit 1
fi
if [ ! -d frontend/node_modules ]; then
  (cd frontend && npm install --no-audit --no-fund)
fi
cd frontend
npm run --silent e2e
