#!/usr/bin/env bash
# Tandem's benchmarks on the embedded store (or on TANDEM_TEST_MONGODB_URI).
# Reports throughput and latency percentiles; see the README for targets.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${BENCH_COUNT:-3}
echo "== store: 20 concurrent writers, serialised in-process vs left to the engine"
go test ./internal/mongodb -run '^$' -bench ConcurrentWriters -benchtime 4000x -count "$count"
