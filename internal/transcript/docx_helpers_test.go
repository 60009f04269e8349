package transcript

import (
	"archive/zip"
	"bytes"
	"fmt"
	"sort"
	"testing"
)

const wNS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

func doc(body string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="` + wNS + `"><w:body>` + body + `</w:body></w:document>`
}

func para(text string) string { return "<w:p><w:r><w:t>" + text + "</w:t></w:r></w:p>" }

// zipOf builds a zip with the files, in name order.
func zipOf(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[n])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func manyEntries(n int) map[string]string {
	m := map[string]string{"word/document.xml": doc(para("x"))}
	for i := range n {
		m[fmt.Sprintf("word/media/image%d.png", i)] = "x"
	}
	return m
}

// encryptedZip marks the document entry as encrypted (general purpose flag bit 0).
func encryptedZip(t testing.TB) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "word/document.xml", Method: zip.Store, Flags: 0x1})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write([]byte("ciphertext"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
