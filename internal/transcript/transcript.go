// Package transcript turns uploaded interview files (.txt, .md, .docx, .odt,
// .vtt, .srt) into Tandem's normalised text and speaker turns. Text positions are
// Unicode code points over the normalised text (NFC, "\n" line endings).
//
// The normalised text holds what was said: speaker labels and timestamps are
// taken out of the text and kept on the turns. Turns are separated by a blank
// line, paragraphs within a turn by a line break.
package transcript

import (
	"bytes"
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tandemqda/tandem/internal/tandem"
)

// Format is the kind of file a transcript came from.
type Format string

// Supported formats.
const (
	FormatText     Format = "txt"
	FormatMarkdown Format = "md"
	FormatDocx     Format = "docx"
	FormatODT      Format = "odt"
	FormatVTT      Format = "vtt"
	FormatSRT      Format = "srt"
)

// Supported lists the file types people can upload, for messages.
const Supported = ".txt, .md, .docx (Word), .odt (OpenDocument, as from LibreOffice), .vtt (WebVTT captions, as from Zoom or Teams) and .srt (subtitles)"

// Limits bound the work of parsing one file.
type Limits struct {
	// MaxBytes is the largest file accepted.
	MaxBytes int
	// MaxUnzippedBytes bounds what a .docx or .odt may decompress to.
	MaxUnzippedBytes int64
	// MaxZipEntries bounds the number of files inside a .docx or .odt.
	MaxZipEntries int
	// MaxXMLDepth bounds the nesting of a .docx's or .odt's XML.
	MaxXMLDepth int
}

// DefaultLimits are the limits used unless configured.
var DefaultLimits = Limits{MaxBytes: 10 << 20, MaxUnzippedBytes: 100 << 20, MaxZipEntries: 2000, MaxXMLDepth: 256}

// Parsed is a parsed transcript.
type Parsed struct {
	Format Format
	// Title is the file name without its extension.
	Title string
	Text  string
	Turns []tandem.Turn
}

// Error codes of files that cannot be read (declared in tandem's registry).
const (
	CodeUnsupported = tandem.CodeUnsupportedFormat
	CodeInvalidFile = tandem.CodeInvalidFile
	CodeEmptyFile   = tandem.CodeEmptyFile
	CodeTooLarge    = tandem.CodeFileTooLarge
)

func fileError(code tandem.Code, format string, args ...any) *tandem.Error {
	return &tandem.Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Parse reads one uploaded file. The format is found from the content first
// and the file name second. Every failure is a *tandem.Error whose message
// says what is wrong with the file in plain words.
func Parse(name string, data []byte, lim Limits) (*Parsed, error) {
	if lim.MaxBytes == 0 {
		lim = DefaultLimits
	}
	if len(data) > lim.MaxBytes {
		return nil, fileError(CodeTooLarge, "The file is too large (%s; at most %s).", sizeWords(int64(len(data))), sizeWords(int64(lim.MaxBytes)))
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, fileError(CodeEmptyFile, "The file is empty.")
	}
	format, err := detect(name, data)
	if err != nil {
		return nil, err
	}
	var b builder
	switch format {
	case formatZip:
		var blocks []docBlock
		format, blocks, err = officeBlocks(extension(name), data, lim)
		if err != nil {
			return nil, err
		}
		b.labelled(documentParas(blocks))
	case FormatVTT, FormatSRT, FormatText, FormatMarkdown:
		text, err := decode(data)
		if err != nil {
			return nil, err
		}
		text = normalise(text)
		switch format {
		case FormatVTT:
			cues, err := parseVTT(text)
			if err != nil {
				return nil, err
			}
			b.captions(cues)
		case FormatSRT:
			cues, err := parseSRT(text)
			if err != nil {
				return nil, err
			}
			b.captions(cues)
		default:
			b.labelled(textParas(text, format == FormatMarkdown))
		}
	}
	p := &Parsed{Format: format, Title: title(name), Text: b.sb.String(), Turns: b.turns}
	if strings.TrimSpace(p.Text) == "" {
		return nil, fileError(CodeEmptyFile, "The file has no text in it.")
	}
	return p, nil
}

// formatZip is what detect says of a zip: a .docx or an .odt, as its parts
// tell (officeBlocks).
const formatZip Format = "zip"

// extension is the file name's extension in lower case, with its dot.
func extension(name string) string {
	return strings.ToLower(path.Ext(strings.ReplaceAll(name, `\`, "/")))
}

// detect finds the format from the content, then from the name.
func detect(name string, data []byte) (Format, error) {
	ext := extension(name)
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte("PK\x05\x06")):
		return formatZip, nil
	case bytes.HasPrefix(data, []byte("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1")):
		return "", fileError(CodeInvalidFile, "This is a password-protected Word file or an old .doc file. Remove the password, or open it in Word and save it as .docx, then upload it again.")
	case ext == ".docx":
		return "", fileError(CodeInvalidFile, "This .docx file is damaged or is not a Word document.")
	case ext == ".odt" || ext == ".ott":
		return "", fileError(CodeInvalidFile, "This %s file is damaged or is not an OpenDocument text document.", ext)
	case ext == ".doc" || ext == ".rtf" || ext == ".pdf" || ext == ".pages" || ext == ".ods" || ext == ".odp" || ext == ".fodt":
		return "", fileError(CodeUnsupported, "Tandem cannot read %s files. Save the transcript as one of: %s.", ext, Supported)
	}
	if looksBinary(data) {
		return "", fileError(CodeInvalidFile, "This file does not contain text. Tandem reads %s.", Supported)
	}
	head := string(stripBOMForSniff(data[:min(len(data), 512)]))
	first := strings.TrimSpace(strings.SplitN(strings.ReplaceAll(head, "\r\n", "\n"), "\n", 2)[0])
	switch {
	case strings.HasPrefix(first, "WEBVTT"):
		return FormatVTT, nil
	case ext == ".vtt":
		return "", fileError(CodeInvalidFile, "This .vtt file does not start with WEBVTT, so it is not a WebVTT caption file.")
	case looksSRT(head) || ext == ".srt":
		return FormatSRT, nil
	case ext == ".md" || ext == ".markdown":
		return FormatMarkdown, nil
	case ext == ".txt" || ext == ".text" || ext == "":
		return FormatText, nil
	}
	return "", fileError(CodeUnsupported, "Tandem cannot read %s files. Upload one of: %s.", ext, Supported)
}

// looksSRT reports whether text starts like a SubRip file: a number, then a
// timing line.
func looksSRT(head string) bool {
	lines := strings.Split(strings.ReplaceAll(head, "\r\n", "\n"), "\n")
	i := 0
	for i < len(lines) && strings.TrimSpace(lines[i]) == "" {
		i++
	}
	if i+1 >= len(lines) {
		return false
	}
	for _, r := range strings.TrimSpace(lines[i]) {
		if r < '0' || r > '9' {
			return false
		}
	}
	return strings.TrimSpace(lines[i]) != "" && strings.Contains(lines[i+1], "-->")
}

// looksBinary reports whether data is not text: NUL bytes (outside UTF-16)
// or many control characters.
func looksBinary(data []byte) bool {
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		return false
	}
	sample := data[:min(len(data), 8192)]
	control := 0
	for _, c := range sample {
		if c == 0 {
			return true
		}
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			control++
		}
	}
	// A few stray control characters (a bell, a form feed from a pager)
	// are dropped by normalisation; text has few of them, binary many.
	return control >= 8 && control*20 > len(sample)
}

func stripBOMForSniff(b []byte) []byte {
	return bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
}

// title is the file name without folders and extension.
func title(name string) string {
	base := path.Base(strings.ReplaceAll(name, `\`, "/"))
	base = strings.TrimSuffix(base, path.Ext(base))
	base = strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, base))
	if base == "" || base == "." || base == "/" {
		return "Untitled transcript"
	}
	if utf8.RuneCountInString(base) > 200 {
		base = string([]rune(base)[:200])
	}
	return base
}

func sizeWords(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}

// Words counts the words of a text: runs of letters, digits and marks.
func Words(text string) int {
	n, in := 0, false
	for _, r := range text {
		w := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || r == '\'' || r == '’'
		if w && !in {
			n++
		}
		in = w
	}
	return n
}
