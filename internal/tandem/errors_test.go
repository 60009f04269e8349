package tandem_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tandemqda/tandem/internal/tandem"
)

// TestEveryCodeIsRegistered reads every Go file of the module and finds the
// error codes written as text: a constant or variable of type Code, a
// conversion Code("..."), or a Code: "..." field. Each must be declared in
// errors.go and be in the registry, so that no code answers 500 by accident
// and no code has a second home.
func TestEveryCodeIsRegistered(t *testing.T) {
	root := filepath.Join("..", "..")
	fset := token.NewFileSet()
	found := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if name := d.Name(); name == "node_modules" || name == "frontend" || strings.HasPrefix(name, ".") && path != root {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || filepath.Base(path) == "errors_test.go" {
			return nil // this file names an unregistered code on purpose
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		home := filepath.ToSlash(path) == "../../internal/tandem/errors.go"
		check := func(lit ast.Expr, what string) {
			bl, ok := lit.(*ast.BasicLit)
			if !ok || bl.Kind != token.STRING {
				return
			}
			code, _ := strconv.Unquote(bl.Value)
			found++
			pos := fset.Position(bl.Pos())
			if !tandem.Registered(tandem.Code(code)) {
				t.Errorf("%s: the error code %q (%s) is not in tandem's registry (internal/tandem/errors.go)", pos, code, what)
			}
			if !home && what == "declared" && !strings.HasSuffix(path, "_test.go") {
				t.Errorf("%s: the error code %q is declared outside internal/tandem/errors.go; declare it there, once", pos, code)
			}
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ValueSpec:
				if isCodeType(n.Type) {
					for _, v := range n.Values {
						check(v, "declared")
					}
				}
			case *ast.CallExpr:
				if isCodeType(n.Fun) && len(n.Args) == 1 {
					check(n.Args[0], "converted")
				}
			case *ast.KeyValueExpr:
				if k, ok := n.Key.(*ast.Ident); ok && k.Name == "Code" {
					check(n.Value, "in a Code field")
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 40 {
		t.Fatalf("found only %d codes written as text; the walk missed the source", found)
	}
}

func isCodeType(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name == "Code"
	case *ast.SelectorExpr:
		x, ok := e.X.(*ast.Ident)
		return ok && x.Name == "tandem" && e.Sel.Name == "Code"
	}
	return false
}

func TestKindStatus(t *testing.T) {
	for _, tc := range []struct {
		code tandem.Code
		want int
	}{
		{tandem.CodeInvalidInput, http.StatusBadRequest},
		{tandem.CodeUnauthenticated, http.StatusUnauthorized},
		{tandem.CodeCodingRevealed, http.StatusForbidden},
		{tandem.CodeNotFound, http.StatusNotFound},
		{tandem.CodeVersionConflict, http.StatusConflict},
		{tandem.CodeInvitationUsed, http.StatusGone},
		{tandem.CodePayloadTooLarge, http.StatusRequestEntityTooLarge},
		{tandem.CodeUnsupportedMediaType, http.StatusUnsupportedMediaType},
		{tandem.CodeImportRefused, http.StatusUnprocessableEntity},
		{tandem.CodeRateLimited, http.StatusTooManyRequests},
		{tandem.CodeTranscriptBusy, http.StatusServiceUnavailable},
		{tandem.CodeStorageFull, http.StatusInsufficientStorage},
		{tandem.CodeInternal, http.StatusInternalServerError},
		// Files that cannot be read answer as what they are, not 500.
		{tandem.CodeInvalidFile, http.StatusUnprocessableEntity},
		{tandem.CodeEmptyFile, http.StatusUnprocessableEntity},
		{tandem.CodeUnsupportedFormat, http.StatusUnsupportedMediaType},
		{tandem.CodeFileTooLarge, http.StatusRequestEntityTooLarge},
		// A code nobody registered is a fault of the server.
		{tandem.Code("no_such_code"), http.StatusInternalServerError},
	} {
		if got := tandem.KindOf(tc.code).Status(); got != tc.want {
			t.Errorf("%s answers %d, want %d", tc.code, got, tc.want)
		}
	}
}
