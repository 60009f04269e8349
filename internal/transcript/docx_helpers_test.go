package transcript

import (
	"archive/zip"
	"bytes"
	"fmt"
	"sort"
	"strings"
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

// wrappingSizes is a .docx whose two parts declare 2^63 bytes each: added
// up in 64 bits they make 0 (it crashed the reader before safezip).
func wrappingSizes(t testing.TB) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range []string{"word/document.xml", "word/styles.xml"} {
		w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Store, CompressedSize64: 1, UncompressedSize64: 1 << 63})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("x"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// encryptedZip marks the document entry as encrypted (general purpose flag bit 0).
func encryptedZip(t testing.TB) []byte { return encryptedZipPart(t, "word/document.xml") }

// encryptedZipPart is a zip of one part marked as encrypted.
func encryptedZipPart(t testing.TB, name string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store, Flags: 0x1})
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write([]byte("ciphertext"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// wordFile is a .docx as Word writes its main parts: content types,
// relationships, styles (Title, Heading1) and the document with body.
func wordFile(t testing.TB, body string) []byte {
	t.Helper()
	return zipOf(t, map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
			`<Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
			`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
			`</Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
			`</Relationships>`,
		"word/_rels/document.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
			`</Relationships>`,
		"word/styles.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
			`<w:styles xmlns:w="` + wNS + `">` +
			`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>` +
			`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:sz w:val="40"/></w:rPr></w:style>` +
			`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style>` +
			`</w:styles>`,
		"word/document.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
			`<w:document xmlns:w="` + wNS + `"><w:body>` + body + `<w:sectPr/></w:body></w:document>`,
	})
}

// run is a run of text that keeps its spaces.
func run(text string) string {
	return `<w:r><w:t xml:space="preserve">` + text + `</w:t></w:r>`
}

// styled is a paragraph in a paragraph style (Title, Heading1).
func styled(style, text string) string {
	return `<w:p><w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>` + run(text) + `</w:p>`
}

// table is a Word table; each row is its cells' texts, a cell's paragraphs
// separated by "\n".
func table(rows ...[]string) string {
	var b strings.Builder
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>`)
	for range rows[0] {
		b.WriteString(`<w:gridCol w:w="3000"/>`)
	}
	b.WriteString(`</w:tblGrid>`)
	for _, row := range rows {
		b.WriteString(`<w:tr>`)
		for _, cell := range row {
			b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr>`)
			for _, p := range strings.Split(cell, "\n") {
				if p == "" {
					b.WriteString(`<w:p/>`)
					continue
				}
				b.WriteString(`<w:p>` + run(p) + `</w:p>`)
			}
			b.WriteString(`</w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
	return b.String()
}

const (
	officeNS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
	textNS   = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
	tableNS  = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
	dcNS     = "http://purl.org/dc/elements/1.1/"
)

// odtContent is an OpenDocument content.xml whose office:text holds body.
func odtContent(body string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<office:document-content xmlns:office="` + officeNS + `" xmlns:text="` + textNS + `" xmlns:table="` + tableNS + `" xmlns:dc="` + dcNS + `" office:version="1.3">` +
		`<office:body><office:text>` + body + `</office:text></office:body></office:document-content>`
}

// odtManifest lists the parts of an .odt; extra goes inside the entry of
// content.xml (encryption data, say).
func odtManifest(extra string) string {
	return `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		`<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">` +
		`<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>` +
		`<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">` + extra + `</manifest:file-entry>` +
		`</manifest:manifest>`
}

// odtFile is an .odt as LibreOffice writes its main parts: the mimetype
// first and stored, the manifest, the content; more parts in extra, which
// the manifest lists too (LibreOffice calls a file with unlisted parts
// damaged).
func odtFile(t testing.TB, mimetype, content, manifest string, extra map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	add := func(name, data string, method uint16) {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(data)); err != nil {
			t.Fatal(err)
		}
	}
	names := make([]string, 0, len(extra))
	for n := range extra {
		names = append(names, n)
	}
	sort.Strings(names)
	var listed strings.Builder
	for _, n := range names {
		listed.WriteString(`<manifest:file-entry manifest:full-path="` + n + `" manifest:media-type="text/xml"/>`)
	}
	add("mimetype", mimetype, zip.Store)
	add("META-INF/manifest.xml", strings.Replace(manifest, `</manifest:manifest>`, listed.String()+`</manifest:manifest>`, 1), zip.Deflate)
	add("content.xml", content, zip.Deflate)
	for _, n := range names {
		add(n, extra[n], zip.Deflate)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const odtMime = "application/vnd.oasis.opendocument.text"
