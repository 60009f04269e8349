package httpapi_test

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestAgreementFiguresKeepEveryDigit: the API sends each figure with every
// digit of its float64, and the workbook holds the same number, so that a
// researcher can reproduce it from the data; the report counts the
// interviews and units its figures use.
func TestAgreementFiguresKeepEveryDigit(t *testing.T) {
	e := newEnv(t)
	lead := e.setupAdmin()
	pid := e.must(e.post("/api/v1/projects/sample", lead.token, nil), 201).json()["id"].(string)
	base := "/api/v1/projects/" + pid
	var r struct {
		Units               int `json:"units"`
		ComparedTranscripts int `json:"comparedTranscripts"`
		ComparedUnits       int `json:"comparedUnits"`
		Themes              []struct {
			Name  string `json:"name"`
			Units int    `json:"units"`
			Alpha struct {
				Value *json.Number `json:"value"`
			} `json:"alpha"`
		} `json:"themes"`
	}
	body := e.must(e.get(base+"/agreement?draws=0", lead.token), 200).body
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&r); err != nil {
		t.Fatal(err)
	}
	if r.ComparedTranscripts != 3 || r.ComparedUnits != r.Units || r.ComparedUnits == 0 {
		t.Errorf("compared %d interviews and %d of %d units, want the sample's 3 and all units", r.ComparedTranscripts, r.ComparedUnits, r.Units)
	}
	book := e.must(e.get(base+"/exports/agreement.xlsx?draws=0", lead.token), 200)
	f, err := excelize.OpenReader(bytes.NewReader(book.body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Themes", excelize.Options{RawCellValue: true})
	alphaCol := -1
	for i, h := range rows[0] {
		if h == "Krippendorff's alpha" {
			alphaCol = i
		}
	}
	long := 0
	for i, th := range r.Themes {
		if th.Units != r.ComparedUnits {
			t.Errorf("%s: %d units, the report says %d are compared", th.Name, th.Units, r.ComparedUnits)
		}
		if th.Alpha.Value == nil {
			continue
		}
		v, err := th.Alpha.Value.Float64()
		if err != nil {
			t.Fatal(err)
		}
		if v != math.Round(v*1e4)/1e4 {
			long++
		}
		// The JSON has the shortest form that reads back as the float64.
		if got := th.Alpha.Value.String(); got != strconv.FormatFloat(v, 'g', -1, 64) && got != strconv.FormatFloat(v, 'f', -1, 64) {
			t.Errorf("%s: alpha sent as %s", th.Name, got)
		}
		if cell := rows[i+1][alphaCol]; cell != strconv.FormatFloat(v, 'f', -1, 64) {
			t.Errorf("%s: alpha %v in the API, %q in the workbook", th.Name, v, cell)
		}
	}
	if long == 0 {
		t.Error("no alpha of the sample has more than four decimals: nothing shows they are kept")
	}
}
