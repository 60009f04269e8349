package httpapi_test

import (
	"testing"
)

// BenchmarkSaveExcerpt saves excerpts into a coding set that already holds
// 500, through the whole stack (HTTP handler, store, embedded engine).
func BenchmarkSaveExcerpt(b *testing.B) {
	ce := newCodingEnvTB(b)
	flexible := ce.theme("Flexible")
	version := 0.0
	save := func(i int) {
		r := ce.post(ce.transcript()+"/codings/me/excerpts", ce.peer.token, map[string]any{"version": version, "start": i % 50, "end": i%50 + 3, "themes": []string{flexible}})
		if r.status != 201 {
			b.Fatalf("save: %d %s", r.status, r.body)
		}
		version = r.json()["version"].(float64)
	}
	for i := range 500 {
		save(i)
		if i%100 == 99 {
			ce.clock.Advance(10e9) // the write limit refills
		}
	}
	i := 0
	for b.Loop() {
		save(i)
		if i++; i%100 == 0 {
			ce.clock.Advance(10e9)
		}
	}
}
