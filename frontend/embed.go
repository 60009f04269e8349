// Package frontend embeds the built browser app (frontend/dist, made by
// `npm run build`). The committed dist/.keep lets `go build` work before the
// first frontend build; the server then says that the app is not built.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// FS returns the built app with index.html at its root.
func FS() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err)
	}
	return sub
}
