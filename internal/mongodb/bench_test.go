package mongodb_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/tandemqda/tandem/internal/mongodb"
	"github.com/tandemqda/tandem/internal/mongodb/mongotest"
	"github.com/tandemqda/tandem/internal/tandem"
)

// BenchmarkConcurrentWriters measures 20 writers appending audit entries and
// updating projects at once on the test store: with writes serialised in the
// process and each one flushed to disk before it returns, concurrent writers
// sharing a sync (as Tandem does on the embedded engine); serialised but not
// flushed (as before writes were made durable: a power loss could drop the
// last ones); and left to the engine. It reports throughput and latency
// percentiles.
func BenchmarkConcurrentWriters(b *testing.B) {
	uri, embedded := mongotest.URI(b)
	for _, mode := range []string{"serialised-durable", "serialised-unflushed", "concurrent"} {
		b.Run(mode, func(b *testing.B) {
			serialised := mode != "concurrent"
			if !embedded && serialised {
				b.Skip("serialising writes applies to the embedded engine only")
			}
			buf := make([]byte, 6)
			_, _ = rand.Read(buf)
			opts := mongodb.Options{URI: uri, Database: "bench_" + hex.EncodeToString(buf), Embedded: serialised}
			if mode == "serialised-durable" {
				opts.Flush = mongotest.Flush(opts.Database)
			}
			s, err := mongodb.Open(context.Background(), opts)
			if err != nil {
				b.Fatal(err)
			}
			defer func() { _ = s.Drop(context.Background()); _ = s.Close(context.Background()) }()
			ctx := context.Background()
			const writers = 20
			for w := range writers {
				if err := s.CreateProject(ctx, &tandem.Project{ID: fmt.Sprint("p", w), Name: "P", Members: []tandem.Member{{UserID: "u", Role: tandem.RoleLead}}}); err != nil {
					b.Fatal(err)
				}
			}
			var mu sync.Mutex
			var lat []time.Duration
			syncs := mongotest.Syncs(opts.Database)
			b.ResetTimer()
			start := time.Now()
			var wg sync.WaitGroup
			for w := range writers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					pid := fmt.Sprint("p", w)
					mine := make([]time.Duration, 0, b.N/writers+1)
					for i := w; i < b.N; i += writers {
						t0 := time.Now()
						var err error
						if i%2 == 0 {
							err = s.AppendAudit(ctx, &tandem.AuditEntry{ProjectID: pid, Action: "bench", Summary: "x", At: t0})
						} else {
							_, err = s.UpdateProject(ctx, pid, func(p *tandem.Project) error { p.Description = fmt.Sprint(i); return nil })
						}
						if err != nil {
							b.Error(err)
							return
						}
						mine = append(mine, time.Since(t0))
					}
					mu.Lock()
					lat = append(lat, mine...)
					mu.Unlock()
				}()
			}
			wg.Wait()
			elapsed := time.Since(start)
			b.StopTimer()
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			pct := func(p float64) float64 {
				if len(lat) == 0 {
					return 0
				}
				return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) / 1000
			}
			b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "writes/s")
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.99), "p99-ms")
			b.ReportMetric(pct(1), "max-ms")
			if mode == "serialised-durable" {
				b.ReportMetric(float64(mongotest.Syncs(opts.Database)-syncs)/float64(len(lat)), "syncs/write")
			}
		})
	}
}
