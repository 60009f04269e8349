package httpapi_test

import (
	"bytes"
	"slices"
	"testing"

	"github.com/xuri/excelize/v2"
)

// alphas reads the Alpha column of the codebook workbook the user downloads
// (with the query, which must not widen what they see): theme -> value.
func (ce *codingEnv) alphas(u *user, query string) map[string]string {
	ce.t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(ce.must(ce.get("/api/v1/projects/"+ce.pid+"/exports/codebook.xlsx"+query, u.token), 200).body))
	if err != nil {
		ce.t.Fatal(err)
	}
	rows, err := f.GetRows("Codebook")
	if err != nil {
		ce.t.Fatal(err)
	}
	col, theme := slices.Index(rows[0], "Alpha"), slices.Index(rows[0], "Theme")
	out := map[string]string{}
	for _, row := range rows[1:] {
		if col < len(row) && row[col] != "" {
			out[row[theme]] = row[col]
		}
	}
	return out
}

// TestBlindCodingHoldsInTheWorkbookAndProgress: while a transcript is not
// revealed, a coder or a viewer who downloads the codebook workbook gets no
// agreement figure drawn from the others' coding, whatever the query asks;
// and another coder's hidden set shows its status only (no version, no time
// of change, no excerpt count). The lead sees all; after the reveal, so do
// the coders.
func TestBlindCodingHoldsInTheWorkbookAndProgress(t *testing.T) {
	ce := newCodingEnv(t)
	flexible, leadership := ce.theme("Flexible"), ce.theme("Leadership")
	viewer := ce.join(ce.pid, ce.lead, "viewer", "viewer@example.org", "academic")
	v, _ := ce.add(ce.peer, 0, 0, 10, flexible)
	v, _ = ce.add(ce.peer, v, 20, 40, leadership)
	ce.must(ce.post(ce.transcript()+"/codings/me/submit", ce.peer.token, map[string]any{"version": v}), 200)
	w, _ := ce.add(ce.academic, 0, 0, 12, flexible)
	ce.must(ce.post(ce.transcript()+"/codings/me/submit", ce.academic.token, map[string]any{"version": w}), 200)

	lead := ce.alphas(ce.lead, "")
	if lead["Flexible"] == "" || lead["Leadership"] == "" {
		t.Fatalf("the lead's workbook has no alpha for the themes coded: %v", lead)
	}
	probe := "?coders=" + ce.peer.id + "," + ce.academic.id + "&transcripts=" + ce.tid + "&unit=sentence"
	for name, u := range map[string]*user{"blind coder": ce.peer, "viewer": viewer} {
		for _, q := range []string{"", probe} {
			if got := ce.alphas(u, q); len(got) != 0 {
				t.Errorf("%s (query %q): the workbook holds figures drawn from hidden coding: %v", name, q, got)
			}
		}
	}
	// Another coder's hidden set: its status only.
	other := setsByCoder(ce.must(ce.get(ce.transcript()+"/codings", ce.peer.token), 200).json())[ce.academic.id]
	for _, key := range []string{"version", "updatedAt", "textVersion", "excerptCount", "excerpts"} {
		if _, ok := other[key]; ok && other[key] != nil {
			t.Errorf("another coder's hidden set shows %s: %v", key, other)
		}
	}
	for _, row := range ce.must(ce.get("/api/v1/projects/"+ce.pid+"/progress", ce.peer.token), 200).json()["transcripts"].([]any) {
		for _, cell := range row.(map[string]any)["sets"].([]any) {
			cell := cell.(map[string]any)
			_, hasVersion := cell["version"]
			if mine := cell["coderId"] == ce.peer.id; mine != hasVersion {
				t.Errorf("progress cell %v: version shown %v, own %v", cell, hasVersion, mine)
			}
		}
	}
	// Revealed: the coders see all, figures included.
	ce.must(ce.post(ce.transcript()+"/reveal", ce.lead.token, map[string]any{"revealed": true}), 200)
	if got := ce.alphas(ce.peer, ""); got["Flexible"] != lead["Flexible"] || got["Leadership"] != lead["Leadership"] {
		t.Fatalf("after the reveal the coder's alphas %v, the lead's %v", got, lead)
	}
}
