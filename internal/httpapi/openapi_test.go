package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// specPath is the API contract, relative to this package.
const specPath = "../../api/openapi.yaml"

// contract is api/openapi.yaml, loaded and checked once for all the tests of
// the package: every answer a test receives is held against it (see checkContract).
var contract struct {
	once   sync.Once
	doc    *openapi3.T
	router routers.Router
	err    error
}

// loadContract reads and validates api/openapi.yaml once.
func loadContract() (*openapi3.T, routers.Router, error) {
	contract.once.Do(func() {
		doc, err := openapi3.NewLoader().LoadFromFile(specPath)
		if err != nil {
			contract.err = fmt.Errorf("load api/openapi.yaml: %w", err)
			return
		}
		if err := doc.Validate(context.Background()); err != nil {
			contract.err = fmt.Errorf("api/openapi.yaml is not valid OpenAPI 3: %w", err)
			return
		}
		// Downloads are checked for their status and media type only.
		for _, mt := range []string{"application/xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"} {
			openapi3filter.RegisterBodyDecoder(mt, openapi3filter.FileBodyDecoder)
		}
		router, err := gorillamux.NewRouter(doc)
		if err != nil {
			contract.err = fmt.Errorf("route api/openapi.yaml: %w", err)
			return
		}
		contract.doc, contract.router = doc, router
	})
	return contract.doc, contract.router, contract.err
}

// contractSeen records the statuses each route answered in this run, for
// TestMain's check that the tests call every route of the contract.
var contractSeen = seenStatuses{m: map[string]map[int]bool{}}

// seenStatuses is what the contract checks saw, safe for parallel tests.
type seenStatuses struct {
	mu    sync.Mutex
	m     map[string]map[int]bool // "GET /api/v1/..." -> statuses
	spent time.Duration           // in checkContract
	n     int                     // exchanges checked
}

func (s *seenStatuses) took(start time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.spent += time.Since(start)
	s.n++
}

func (s *seenStatuses) add(route string, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m[route] == nil {
		s.m[route] = map[int]bool{}
	}
	s.m[route][status] = true
}

// TestMain runs the tests, then, when all of them ran (no -run, -skip or
// -short) and passed, checks that every operation of api/openapi.yaml
// answered a success to some test, and so was validated against its schema.
func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	all := flag.Lookup("test.run").Value.String() == "" && flag.Lookup("test.skip").Value.String() == "" && !testing.Short()
	if code == 0 && all {
		if err := contractCovered(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = 1
		}
	}
	os.Exit(code)
}

// contractCovered lists the operations of the contract that no test called
// with a success.
func contractCovered() error {
	doc, _, err := loadContract()
	if err != nil {
		return err
	}
	contractSeen.mu.Lock()
	defer contractSeen.mu.Unlock()
	var missing []string
	operations, described, seen := 0, 0, 0
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			operations++
			described += op.Responses.Len()
			name := method + " " + path
			ok := false
			for st := range contractSeen.m[name] {
				seen++
				ok = ok || (st/100 == 2 && op.Responses.Status(st) != nil)
			}
			if !ok {
				missing = append(missing, name)
			}
		}
	}
	if testing.Verbose() {
		fmt.Printf("contract: %d operations, %d of them answered a success to the tests; %d of the %d described (operation, status) answers seen and validated; %d exchanges checked in %v\n",
			operations, operations-len(missing), seen, described, contractSeen.n, contractSeen.spent.Round(time.Millisecond))
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return fmt.Errorf("api/openapi.yaml: no test called these operations with a success, so their answers were never validated:\n  %s", strings.Join(missing, "\n  "))
	}
	return nil
}

// exchange is one request a test sent and the answer it received.
type exchange struct {
	req  *http.Request
	body []byte // of the request
	resp *resp
}

// checkContract holds an exchange against api/openapi.yaml. It returns nil
// for paths the contract does not describe (the browser app, unknown API
// paths: TestOpenAPIDescribesEveryRoute keeps the contract and the router
// in step). For a described route it fails when:
//   - the status is not listed for the route;
//   - the Content-Type is not the one described;
//   - a JSON body does not match its schema (types, required fields,
//     nullability, enumerations such as the error codes);
//   - a JSON body has a field its schema does not name (see
//     undescribedFields: the contract names every field the server sends);
//   - the server accepted (2xx) a request that the contract says is wrong,
//     which would make a client that follows the contract refuse to send it.
func checkContract(x exchange) error {
	_, router, err := loadContract()
	if err != nil {
		return err
	}
	if !strings.HasPrefix(x.req.URL.Path, "/api/") {
		return nil
	}
	route, params, err := router.FindRoute(x.req)
	if err != nil {
		// Paths and methods the router does not have either.
		return nil
	}
	name := x.req.Method + " " + route.Path
	contractSeen.add(name, x.resp.status)
	defer contractSeen.took(time.Now())
	opts := &openapi3filter.Options{
		IncludeResponseStatus: true,
		MultiError:            true,
		AuthenticationFunc:    openapi3filter.NoopAuthenticationFunc,
	}
	opts.WithCustomSchemaErrorFunc(schemaMessage)
	in := &openapi3filter.RequestValidationInput{Request: x.req, PathParams: params, Route: route, Options: opts}
	if x.resp.status/100 == 2 {
		r := x.req.Clone(context.Background())
		r.Body = io.NopCloser(bytes.NewReader(x.body))
		in.Request = r
		if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
			return fmt.Errorf("%s answered %d to a request api/openapi.yaml refuses: %s\nrequest body: %s", name, x.resp.status, flatten(err), clip(x.body))
		}
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in,
		Status:                 x.resp.status,
		Header:                 x.resp.header,
		Body:                   io.NopCloser(bytes.NewReader(x.resp.body)),
		Options:                opts,
	}
	if err := openapi3filter.ValidateResponse(context.Background(), out); err != nil {
		return fmt.Errorf("%s answered %d, which api/openapi.yaml does not describe: %s\nbody: %s", name, x.resp.status, flatten(err), clip(x.resp.body))
	}
	if extra := undescribedFields(route.Operation, x.resp); len(extra) > 0 {
		return fmt.Errorf("%s answered %d with fields api/openapi.yaml does not describe: %s\nbody: %s", name, x.resp.status, strings.Join(extra, ", "), clip(x.resp.body))
	}
	return nil
}

// schemaMessage tells where in the body a value breaks its schema.
func schemaMessage(err *openapi3.SchemaError) string {
	return "at /" + strings.Join(err.JSONPointer(), "/") + ": " + err.Reason
}

// flatten puts the causes of a validation error on one line.
func flatten(err error) string {
	var multi openapi3.MultiError
	if errors.As(err, &multi) {
		var lines []string
		for _, e := range multi {
			lines = append(lines, flatten(e))
		}
		return strings.Join(lines, "; ")
	}
	var re *openapi3filter.ResponseError
	if errors.As(err, &re) && re.Err != nil {
		return re.Reason + ": " + flatten(re.Err)
	}
	var rq *openapi3filter.RequestError
	if errors.As(err, &rq) && rq.Err != nil {
		return rq.Error()
	}
	var se *openapi3.SchemaError
	if errors.As(err, &se) {
		return schemaMessage(se)
	}
	return err.Error()
}

// clip shortens a body for a failure message.
func clip(b []byte) string {
	const most = 600
	if len(b) > most {
		return string(b[:most]) + "…"
	}
	return string(b)
}

// undescribedFields lists the fields of a JSON answer that its schema does
// not name, as JSON pointers. This is the contract's strictness, kept here
// rather than as additionalProperties: false in api/openapi.yaml, because
// OpenAPI 3.0 cannot close an object built with allOf (each part would
// refuse the other's fields), and the spec stays readable and reusable.
// Maps (schemas with additionalProperties) and free values ({}) accept any
// field.
func undescribedFields(op *openapi3.Operation, r *resp) []string {
	ref := op.Responses.Status(r.status)
	if ref == nil || ref.Value == nil {
		return nil
	}
	mt := ref.Value.Content.Get(r.header.Get("Content-Type"))
	if mt == nil || mt.Schema == nil || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") {
		return nil
	}
	var v any
	if err := json.Unmarshal(r.body, &v); err != nil {
		return nil
	}
	var extra []string
	walkUndescribed([]*openapi3.Schema{mt.Schema.Value}, v, "", &extra)
	sort.Strings(extra)
	return extra
}

// walkUndescribed adds to extra the fields of v that none of the schemas
// (all of which v must match) describes.
func walkUndescribed(schemas []*openapi3.Schema, v any, at string, extra *[]string) {
	switch v := v.(type) {
	case map[string]any:
		props := map[string][]*openapi3.Schema{}
		for _, s := range schemas {
			if describedProperties(s, props) {
				return
			}
		}
		for k, x := range v {
			p, ok := props[k]
			if !ok {
				*extra = append(*extra, at+"/"+k)
				continue
			}
			walkUndescribed(p, x, at+"/"+k, extra)
		}
	case []any:
		var items []*openapi3.Schema
		for _, s := range schemas {
			items = append(items, itemSchemas(s)...)
		}
		for i, x := range v {
			walkUndescribed(items, x, fmt.Sprintf("%s/%d", at, i), extra)
		}
	}
}

// describedProperties adds the properties a schema names, through allOf, to
// props. It reports true when the schema accepts any field: a map, a free
// value, or a oneOf or anyOf (whose branch is not known here).
func describedProperties(s *openapi3.Schema, props map[string][]*openapi3.Schema) (open bool) {
	if s == nil || len(s.OneOf) > 0 || len(s.AnyOf) > 0 {
		return true
	}
	if s.AdditionalProperties.Schema != nil || (s.AdditionalProperties.Has != nil && *s.AdditionalProperties.Has) {
		return true
	}
	if len(s.Properties) == 0 && len(s.AllOf) == 0 {
		return true
	}
	for k, p := range s.Properties {
		props[k] = append(props[k], p.Value)
	}
	for _, a := range s.AllOf {
		if describedProperties(a.Value, props) {
			return true
		}
	}
	return false
}

// itemSchemas gathers the item schemas of an array, through allOf.
func itemSchemas(s *openapi3.Schema) []*openapi3.Schema {
	if s == nil {
		return nil
	}
	var out []*openapi3.Schema
	if s.Items != nil {
		out = append(out, s.Items.Value)
	}
	for _, a := range s.AllOf {
		out = append(out, itemSchemas(a.Value)...)
	}
	return out
}

// TestOpenAPIIsValid checks that api/openapi.yaml is valid OpenAPI 3 (the
// loader's own validation: references, schemas, parameters, examples).
func TestOpenAPIIsValid(t *testing.T) {
	doc, _, err := loadContract()
	if err != nil {
		t.Fatal(err)
	}
	if doc.Paths.Len() == 0 {
		t.Fatal("api/openapi.yaml describes no path")
	}
}

// TestOpenAPIErrorCodesAreTheDomainCodes keeps the ErrorCode enumeration of
// api/openapi.yaml equal to the codes declared in internal/tandem (the
// constants of type Code), and FileErrorCode equal to those of
// internal/transcript (why an uploaded file was not read), so that a new
// code cannot reach clients undescribed, nor a described one linger after
// it is gone.
func TestOpenAPIErrorCodesAreTheDomainCodes(t *testing.T) {
	doc, _, err := loadContract()
	if err != nil {
		t.Fatal(err)
	}
	files := fileCodes(t)
	if len(files) < 4 {
		t.Fatalf("found only %d file codes in internal/transcript; the search is broken", len(files))
	}
	var declared []string
	for _, c := range codesDeclared(t, "../tandem") {
		if !slices.Contains(files, c) {
			declared = append(declared, c)
		}
	}
	if len(declared) < 10 {
		t.Fatalf("found only %d codes in internal/tandem; the search is broken", len(declared))
	}
	sameCodes(t, doc, "ErrorCode", "internal/tandem (less the file codes)", declared)
	sameCodes(t, doc, "FileErrorCode", "internal/transcript", files)
	// Each status's answer lists codes of ErrorCode only.
	for name, s := range doc.Components.Schemas {
		envelope := s.Value.Properties["error"]
		if !strings.HasSuffix(name, "Error") || envelope == nil {
			continue
		}
		for _, part := range envelope.Value.AllOf {
			code := part.Value.Properties["code"]
			if code == nil {
				continue
			}
			for _, v := range code.Value.Enum {
				if !slices.Contains(declared, v.(string)) {
					t.Errorf("%s in api/openapi.yaml lists %q, which internal/tandem does not declare", name, v)
				}
			}
		}
	}
}

// sameCodes checks that the enumeration of a schema lists the codes a
// package declares, no more and no fewer.
func sameCodes(t *testing.T, doc *openapi3.T, schema, pkg string, declared []string) {
	t.Helper()
	described := map[string]bool{}
	for _, v := range doc.Components.Schemas[schema].Value.Enum {
		described[v.(string)] = true
	}
	for _, c := range declared {
		if !described[c] {
			t.Errorf("error code %q is declared in %s but not in %s of api/openapi.yaml", c, pkg, schema)
		}
		delete(described, c)
	}
	for c := range described {
		t.Errorf("%s of api/openapi.yaml lists %q, which %s does not declare", schema, c, pkg)
	}
}

// codesDeclared reads the values of the constants of type Code (or
// tandem.Code) declared in the package in dir.
func codesDeclared(t *testing.T, dir string) []string {
	t.Helper()
	var codes []string
	for _, c := range codeConstants(t, dir) {
		codes = append(codes, c)
	}
	sort.Strings(codes)
	return codes
}

// codeConstants reads the constants of type Code (or tandem.Code) declared
// in the package in dir: name -> value.
func codeConstants(t *testing.T, dir string) map[string]string {
	t.Helper()
	codes := map[string]string{}
	eachConst(t, dir, func(vs *ast.ValueSpec) {
		if !isCodeType(vs.Type) {
			return
		}
		for i, v := range vs.Values {
			if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING {
				c, _ := strconv.Unquote(lit.Value)
				codes[vs.Names[i].Name] = c
			}
		}
	})
	return codes
}

// fileCodes reads the codes internal/transcript gives a file it cannot
// read: its constants that name a code of internal/tandem. They are
// answered per file in an upload's results, never as an error answer.
func fileCodes(t *testing.T) []string {
	t.Helper()
	tandemCodes := codeConstants(t, "../tandem")
	var codes []string
	eachConst(t, "../transcript", func(vs *ast.ValueSpec) {
		for _, v := range vs.Values {
			sel, ok := v.(*ast.SelectorExpr)
			if !ok {
				continue
			}
			if pkg, ok := sel.X.(*ast.Ident); ok && pkg.Name == "tandem" {
				if c, ok := tandemCodes[sel.Sel.Name]; ok {
					codes = append(codes, c)
				}
			}
		}
	})
	sort.Strings(codes)
	return codes
}

// eachConst calls fn with every constant declaration of the package in dir
// (test files left out).
func eachConst(t *testing.T, dir string, fn func(*ast.ValueSpec)) {
	t.Helper()
	files, err := filepath.Glob(dir + "/*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.CONST {
				for _, spec := range g.Specs {
					fn(spec.(*ast.ValueSpec))
				}
			}
		}
	}
}

// TestContractCatchesWrongAnswers proves that the check every test's
// requests go through fails an answer that breaks api/openapi.yaml, and
// says which route, which status and what is wrong.
func TestContractCatchesWrongAnswers(t *testing.T) {
	project := func(change func(m map[string]any)) []byte {
		m := map[string]any{
			"id": "p1", "name": "Recovery study", "description": "", "archived": false,
			"createdAt": "2026-11-28T10:00:00Z", "updatedAt": "2026-11-28T10:00:00Z",
			"version": 1, "myRole": "lead", "memberCount": 1, "shareTranscripts": false, "openCoding": false,
			"members": []any{map[string]any{"userId": "u1", "displayName": "Ada", "role": "lead",
				"researcherType": "academic", "joinedAt": "2026-11-28T10:00:00Z"}},
		}
		if change != nil {
			change(m)
		}
		b, _ := json.Marshal(m)
		return b
	}
	cases := []struct {
		name   string
		status int
		body   []byte
		want   []string // in the failure message; none: the answer is right
	}{
		{"a right answer", 200, project(nil), nil},
		{"a required field missing", 200, project(func(m map[string]any) { delete(m, "name") }),
			[]string{"GET /api/v1/projects/{pid} answered 200", `property "name" is missing`}},
		{"a field of the wrong type", 200, project(func(m map[string]any) { m["version"] = "1" }),
			[]string{"GET /api/v1/projects/{pid} answered 200", "at /version"}},
		{"null where the contract does not allow it", 200, project(func(m map[string]any) { m["members"] = nil }),
			[]string{"at /members", "not nullable"}},
		{"a value outside its enumeration", 200, project(func(m map[string]any) { m["myRole"] = "owner" }),
			[]string{"at /myRole"}},
		{"a field the contract does not describe", 200, project(func(m map[string]any) { m["secret"] = "x" }),
			[]string{"fields api/openapi.yaml does not describe: /secret"}},
		{"a field nested in a list the contract does not describe", 200,
			project(func(m map[string]any) { m["members"].([]any)[0].(map[string]any)["passwordHash"] = "x" }),
			[]string{"/members/0/passwordHash"}},
		{"a status the route does not list", 418, []byte(`{"error":{"code":"internal","message":"No."}}`),
			[]string{"GET /api/v1/projects/{pid} answered 418", "status is not supported"}},
		{"an error code of another status", 404, []byte(`{"error":{"code":"forbidden","message":"No."}}`),
			[]string{"answered 404", "at /error/code"}},
		{"an error code nobody declared", 403, []byte(`{"error":{"code":"nope","message":"No."}}`),
			[]string{"answered 403", "at /error/code"}},
		{"an error without its message", 404, []byte(`{"error":{"code":"not_found"}}`),
			[]string{`property "message" is missing`}},
		{"a detail the contract does not describe", 404, []byte(`{"error":{"code":"not_found","message":"No.","details":{"stack":"x"}}}`),
			[]string{"/error/details/stack"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			hr, err := http.NewRequest("GET", "http://tandem.test/api/v1/projects/p1", nil)
			if err != nil {
				t.Fatal(err)
			}
			r := &resp{status: tc.status, header: http.Header{"Content-Type": {"application/json"}}, body: tc.body}
			err = checkContract(exchange{req: hr, resp: r})
			if tc.want == nil {
				if err != nil {
					t.Fatalf("a right answer fails: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("the wrong answer passes the contract check")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("the failure does not say %q:\n%v", w, err)
				}
			}
		})
	}
}

// TestContractWantsRetryAfter proves that a header the contract requires is
// checked: a 429 must say when to try again.
func TestContractWantsRetryAfter(t *testing.T) {
	hr, err := http.NewRequest("DELETE", "http://tandem.test/api/v1/projects/p1/transcripts/t1/codings/me/excerpts/e1?version=1", nil)
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(`{"error":{"code":"rate_limited","message":"Slow down.","details":{"retryAfterSeconds":1}}}`)
	r := &resp{status: 429, header: http.Header{"Content-Type": {"application/json"}}, body: body}
	if err := checkContract(exchange{req: hr, resp: r}); err == nil || !strings.Contains(err.Error(), "Retry-After") {
		t.Fatalf("a 429 without Retry-After passes: %v", err)
	}
	r.header.Set("Retry-After", "1")
	if err := checkContract(exchange{req: hr, resp: r}); err != nil {
		t.Fatalf("a right 429 fails: %v", err)
	}
}

// TestContractChecksAcceptedRequests proves that a request the server
// accepted (2xx) is held against the contract's request body schema.
func TestContractChecksAcceptedRequests(t *testing.T) {
	body := []byte(`{"name":7}`)
	hr, err := http.NewRequest("POST", "http://tandem.test/api/v1/projects", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	hr.Header.Set("Content-Type", "application/json")
	r := &resp{status: 201, header: http.Header{"Content-Type": {"application/json"}}, body: []byte(`{}`)}
	err = checkContract(exchange{req: hr, body: body, resp: r})
	if err == nil || !strings.Contains(err.Error(), "POST /api/v1/projects answered 201 to a request api/openapi.yaml refuses") {
		t.Fatalf("an accepted request that breaks the contract passes: %v", err)
	}
}

// TestContractOfAnEmptyProject reads every list of a project that has
// nothing yet, and of a transcript nobody coded: empty lists must come as
// the contract says ([] where it does not allow null).
func TestContractOfAnEmptyProject(t *testing.T) {
	e := newEnv(t)
	admin := e.setupAdmin()
	pid := e.project(admin, "Empty")
	base := "/api/v1/projects/" + pid
	for _, path := range []string{
		"/api/v1/me", "/api/v1/users", "/api/v1/audit", "/api/v1/projects",
		base, base + "/members", base + "/invitations", base + "/audit", base + "/identifier-names",
		base + "/transcripts", base + "/progress", base + "/theme-counts", base + "/agreement?draws=0",
		base + "/codebook", base + "/codebook/templates", base + "/codebook/versions",
		base + "/exports/codebook.xlsx", base + "/exports/agreement.xlsx?draws=0",
	} {
		e.must(e.get(path, admin.token), 200)
	}
	e.must(e.get(base+"/exports/codebook.qdc", admin.token), 400) // nothing to export
	tid := results(t, e.upload(pid, admin.token, file(t, "interview.txt"))).Results[0].Transcript["id"].(string)
	for _, path := range []string{"", "/codings", "/codings/me", "/identifiers"} {
		e.must(e.get(base+"/transcripts/"+tid+path, admin.token), 200)
	}
	// Where the coders differ, before anyone coded: empty lists (the contract
	// refuses null), as the report gives.
	cb := e.must(e.post(base+"/codebook/template", admin.token, map[string]any{"version": 0, "template": "rlc"}), 200).json()
	d := e.must(e.get(base+"/agreement/disagreements?transcript="+tid+"&theme="+nodeID(t, cb, "Flexible")+"&draws=0", admin.token), 200).json()
	if c, ok := d["coders"].([]any); !ok || len(c) != 0 {
		t.Errorf("coders where nobody submitted: %v, want []", d["coders"])
	}
	e.must(e.get(base+"/progress", admin.token), 200)
}

// isCodeType reports whether a declared type is Code or tandem.Code.
func isCodeType(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident:
		return x.Name == "Code"
	case *ast.SelectorExpr:
		id, ok := x.X.(*ast.Ident)
		return ok && id.Name == "tandem" && x.Sel.Name == "Code"
	}
	return false
}
