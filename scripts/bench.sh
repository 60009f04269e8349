#!/usr/bin/env bash
# Tandem's benchmarks on the embedded store (or on TANDEM_TEST_MONGODB_URI).
# Targets are in the README; figures go into each issue's closing note.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${BENCH_COUNT:-3}
echo "== store: 20 concurrent writers, serialised in-process and flushed to disk (group commit), serialised without the flush, and left to the engine"
go test ./internal/mongodb -run '^$' -bench ConcurrentWriters -benchtime 4000x -count "$count"
echo "== store: list 200 transcripts while other projects hold 2,000 (target < 50 ms); fetch a 20,000-word transcript (target < 50 ms)"
go test ./internal/mongodb -run '^$' -bench 'ListTranscripts|FetchTranscript' -benchmem -count "$count"
echo "== parse a .docx of 1 MiB (target < 200 ms)"
go test ./internal/transcript -run '^$' -bench ParseDocx -benchmem -count "$count"
echo "== codebook workbook of 2,000 themes (streamed)"
go test ./internal/xlsx -run '^$' -bench CodebookWorkbook -benchmem -count "$count"
echo "== agreement statistics of a report: 100 transcripts x 8 coders x 40 themes (target <= 300 ms in internal/agreement)"
go test ./internal/agreement -run '^$' -bench 'Report|Unitized|Bootstrap' -benchmem -count "$count"
echo "== the whole agreement report from coding sets (internal/report; same size, with 1,000-draw intervals when -draws is used by the server)"
go test ./internal/report -run '^$' -bench Build -benchmem -count "$count"
echo "== reconciliation on the embedded store: the queue of a transcript with 4 coders x 500 excerpts (target p95 <= 50 ms); a decision with 5 leads deciding at once on different transcripts (target p99 <= 30 ms; cpu-ms/decision is the process's CPU per decision, steadier on a shared machine)"
go test ./internal/app -run '^$' -bench 'Queue$|DecideConcurrently' -benchtime 200x -count "$count"
echo "== excerpt export: 100,000 rows through the HTTP handler on the embedded store (targets: xlsx <= 3 s and peak RSS <= 300 MB; CSV <= 1 s)"
go test ./internal/httpapi -run '^$' -bench ExportExcerpts -benchtime 3x -count 1
echo "== project export (.qdpx): 100 transcripts x 8 coders, 100,000 excerpts, through the HTTP handler on the embedded store (targets: <= 5 s and peak RSS <= 400 MB)"
go test ./internal/httpapi -run '^$' -bench ExportProject -benchtime 3x -count 1
echo "== server under load: \`go run ./scripts/bench\` (bin/tandem on a fresh embedded store; 1 project, then 50 projects x 20 transcripts)"
go run ./scripts/bench ${BENCH_ARGS:-}
