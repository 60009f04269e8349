//go:build unix

package transcript

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestWriterFilesGiveTheSameTurns has LibreOffice Writer, a real word
// processor, open the .docx and .odt fixtures and save each in the other
// format. Writer must accept the fixtures (they are files a word processor
// reads), and Tandem must read Writer's own files (its styles, spans, table
// markup and way of keeping tracked changes) to the same turns.
func TestWriterFilesGiveTheSameTurns(t *testing.T) {
	soffice := ""
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			soffice = p
			break
		}
	}
	required := os.Getenv("TANDEM_REQUIRE_LIBREOFFICE") == "1"
	if soffice == "" {
		if required {
			t.Fatal("LibreOffice (soffice) is not installed and TANDEM_REQUIRE_LIBREOFFICE=1; run `make deps`")
		}
		t.Skip("LibreOffice (soffice) is not installed: skipping the Writer round trip")
	}
	dir := t.TempDir()
	convert := func(to string, files ...string) string {
		ext, _, _ := strings.Cut(to, ":")
		out := filepath.Join(dir, ext)
		profile := url.URL{Scheme: "file", Path: filepath.Join(dir, "profile")}
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		args := append([]string{"-env:UserInstallation=" + profile.String(), "--headless", "--norestore", "--convert-to", to, "--outdir", out}, files...)
		cmd := exec.CommandContext(ctx, soffice, args...)
		cmd.Env = append(os.Environ(), "HOME="+dir)
		// soffice starts soffice.bin as a child: on timeout kill the group.
		cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
		cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
		cmd.WaitDelay = 5 * time.Second
		output, err := cmd.CombinedOutput()
		if err != nil || ctx.Err() != nil {
			t.Fatalf("LibreOffice could not convert to %s: %v\n%s", to, err, output)
		}
		// soffice exits 0 even when it cannot load a file (or has no
		// Writer): look for what it wrote.
		if written, _ := filepath.Glob(filepath.Join(out, "*")); len(written) < len(files) {
			msg := fmt.Sprintf("LibreOffice Writer wrote %s for %d of %d files:\n%s", ext, len(written), len(files), output)
			if required || strings.Contains(string(output), "could not be loaded") {
				t.Fatal(msg + "\n(Debian: apt-get install --no-install-recommends libreoffice-writer-nogui)")
			}
			t.Skip(msg)
		}
		return out
	}
	docx, _ := filepath.Glob("testdata/*.docx")
	odt, _ := filepath.Glob("testdata/*.odt")
	for i := range docx {
		docx[i], _ = filepath.Abs(docx[i])
	}
	for i := range odt {
		odt[i], _ = filepath.Abs(odt[i])
	}
	toODT := convert("odt", docx...)
	toDocx := convert("docx:MS Word 2007 XML", odt...)
	for _, src := range append(docx, odt...) {
		name := filepath.Base(src)
		ext := filepath.Ext(name)
		saved := filepath.Join(toODT, strings.TrimSuffix(name, ext)+".odt")
		if ext == ".odt" {
			saved = filepath.Join(toDocx, strings.TrimSuffix(name, ext)+".docx")
		}
		t.Run(name, func(t *testing.T) {
			want, err := Parse(name, fixture(t, name), DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(saved)
			if err != nil {
				t.Fatal(err)
			}
			got, err := Parse(filepath.Base(saved), data, DefaultLimits)
			if err != nil {
				t.Fatalf("Writer's %s: %v", filepath.Base(saved), err)
			}
			if g, w := strings.Join(show(got), "\n---\n"), strings.Join(show(want), "\n---\n"); g != w {
				t.Errorf("Writer's %s:\n%s\nwant, as from %s:\n%s", filepath.Base(saved), g, name, w)
			}
		})
	}
}
