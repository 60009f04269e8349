package httpapi

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/transcript"
)

// TestErrorStatusesMatchTheContract holds the error mapper against
// api/openapi.yaml: every code a route's error answer lists for a status is
// answered with that status, and every code the mapper knows is listed
// under its status somewhere, so that a client can trust the code lists.
func TestErrorStatusesMatchTheContract(t *testing.T) {
	// The status of every code the error mapper may answer: the registry's,
	// less the file codes (given per file in an upload's results).
	files := []tandem.Code{transcript.CodeUnsupported, transcript.CodeInvalidFile, transcript.CodeEmptyFile, transcript.CodeTooLarge}
	statusOf := map[tandem.Code]int{}
	for _, c := range tandem.Codes() {
		if !slices.Contains(files, c) {
			statusOf[c] = tandem.KindOf(c).Status()
		}
	}
	doc, err := openapi3.NewLoader().LoadFromFile("../../api/openapi.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	listed := map[tandem.Code]map[int]bool{} // code -> statuses whose answers list it
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			for status, ref := range op.Responses.Map() {
				st, err := strconv.Atoi(status)
				if err != nil || st < 400 {
					continue
				}
				where := fmt.Sprintf("%s %s %d", method, path, st)
				codes, err := errorCodes(ref.Value)
				if err != nil {
					t.Errorf("%s: %v", where, err)
					continue
				}
				for _, c := range codes {
					if listed[c] == nil {
						listed[c] = map[int]bool{}
					}
					listed[c][st] = true
					if want, ok := statusOf[c]; !ok || want != st {
						t.Errorf("%s lists the code %q, which the server answers with status %d", where, c, want)
					}
				}
			}
		}
	}
	for c, st := range statusOf {
		if !listed[c][st] {
			t.Errorf("code %q (status %d) is listed under status %d by no route of api/openapi.yaml", c, st, st)
		}
	}
}

// errorCodes reads the codes an error answer may carry: the codes every
// enumeration of error.code allows (the parts of an allOf all apply).
func errorCodes(r *openapi3.Response) ([]tandem.Code, error) {
	mt := r.Content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		return nil, fmt.Errorf("an error answer without a JSON body")
	}
	envelope := mt.Schema.Value.Properties["error"]
	if envelope == nil {
		return nil, fmt.Errorf("an error answer without the error envelope")
	}
	var enums [][]any
	var walk func(s *openapi3.Schema)
	walk = func(s *openapi3.Schema) {
		if code := s.Properties["code"]; code != nil && len(code.Value.Enum) > 0 {
			enums = append(enums, code.Value.Enum)
		}
		for _, a := range s.AllOf {
			walk(a.Value)
		}
	}
	walk(envelope.Value)
	if enums == nil {
		return nil, fmt.Errorf("an error answer that does not list its codes")
	}
	var codes []tandem.Code
	for _, v := range enums[0] {
		if slices.ContainsFunc(enums[1:], func(e []any) bool { return !slices.Contains(e, v) }) {
			continue
		}
		codes = append(codes, tandem.Code(v.(string)))
	}
	return codes, nil
}
