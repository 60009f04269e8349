package transcript

import (
	"cmp"
	"strings"
)

// tableParas turns a document's table into paragraphs. A transcript table
// (see transcriptColumns) gives one turn a row, with the row's speaker and
// time. Any other table (a cover sheet of the interview's details, say)
// gives its cells' paragraphs a row at a time: no turn runs into it or out
// of it, so it cannot take over the text around it.
func tableParas(rows [][]string) []paragraph {
	cells := make([][]string, len(rows))
	for i, row := range rows {
		cells[i] = make([]string, len(row))
		for j, c := range row {
			cells[i][j] = normalise(c)
		}
	}
	cols, first, ok := transcriptColumns(cells)
	var out []paragraph
	if !ok {
		for _, row := range cells {
			stop := true
			for _, c := range row {
				for _, l := range strings.Split(c, "\n") {
					out = append(out, paragraph{text: l, cell: true, stop: stop})
					stop = false
				}
			}
		}
		return out
	}
	prev := ""
	for _, row := range cells[first:] {
		get := func(i int) string {
			if i < 0 || i >= len(row) {
				return ""
			}
			return strings.TrimSpace(row[i])
		}
		text := get(cols.text)
		at, _ := parseTimeLine(get(cols.time))
		speaker := ""
		if cols.speaker >= 0 {
			s := strings.TrimSuffix(get(cols.speaker), ":")
			if l, ok := parseNameLine(s); ok {
				speaker, at = l.speaker, cmp.Or(at, l.at)
			} else {
				speaker = strings.Join(strings.Fields(s), " ")
			}
		} else if l, ok := parseLabel(text); ok {
			speaker, text, at = l.speaker, strings.TrimSpace(l.rest), cmp.Or(at, l.at)
		}
		if text == "" {
			// A row with no words in the text column keeps what else it
			// holds (a note across the columns, say), as nobody's turn.
			if note := rowNote(row, cols); note != "" {
				out = append(out, paragraph{text: note, row: true, stop: true, at: at})
			}
			continue
		}
		if r := []rune(speaker); len(r) > maxSpeaker {
			speaker = strings.TrimSpace(string(r[:maxSpeaker]))
		}
		// A row without a speaker is the speaker of the row above going on.
		speaker = cmp.Or(speaker, prev)
		prev = speaker
		out = append(out, paragraph{text: text, row: true, stop: true, speaker: speaker, at: at})
	}
	return out
}

// rowNote is the text of a row's cells other than its time and a speaker's
// name, one a line.
func rowNote(row []string, cols columns) string {
	var kept []string
	for i, c := range row {
		c = strings.TrimSpace(c)
		if c == "" || i == cols.time {
			continue
		}
		if _, name := parseNameLine(strings.TrimSuffix(c, ":")); i == cols.speaker && name {
			continue
		}
		kept = append(kept, c)
	}
	return strings.Join(kept, "\n")
}

// maxSpeaker bounds a speaker's name taken from a table cell, as the
// speakers editor does.
const maxSpeaker = 100

// columns are the indexes of a transcript table's columns, -1 when absent.
type columns struct{ time, speaker, text int }

// transcriptColumns finds the columns of a transcript table: from a header
// row that names a text column and a speaker or time column ("Time",
// "Speaker", "Text"...), or else from the cells: a column of times, a column
// of names that recur (or stand next to times), and a column of words. It
// returns the index of the first row of turns.
func transcriptColumns(rows [][]string) (columns, int, bool) {
	h := 0
	for h < len(rows) && blankRow(rows[h]) {
		h++
	}
	if h == len(rows) {
		return columns{}, 0, false
	}
	if c, ok := headerColumns(rows[h]); ok {
		return c, h + 1, true
	}
	c, ok := inferColumns(rows[h:])
	return c, h, ok
}

var headerWords = map[string]int{}

func init() {
	for kind, words := range map[int]string{
		colTime:    "time|timestamp|time stamp|timecode|time code|start|start time|begin|in|tc|when",
		colSpeaker: "speaker|speakers|speaker name|name|who|person|voice|role",
		colText:    "text|transcript|transcription|words|what was said|said|utterance|content|dialogue|dialog|speech|caption|captions|verbatim|response|statement",
	} {
		for _, w := range strings.Split(words, "|") {
			headerWords[w] = kind
		}
	}
}

// Kinds of columns, in headerWords.
const (
	colTime = 1 + iota
	colSpeaker
	colText
)

func headerColumns(row []string) (columns, bool) {
	c := columns{-1, -1, -1}
	for i, cell := range row {
		key := strings.ToLower(cell)
		if k := strings.IndexByte(key, '('); k > 0 {
			key = key[:k] // "Time (hh:mm:ss)"
		}
		key = strings.Join(strings.Fields(strings.Trim(key, " \t\n:.*#")), " ")
		switch headerWords[key] {
		case colTime:
			if c.time < 0 {
				c.time = i
			}
		case colSpeaker:
			if c.speaker < 0 {
				c.speaker = i
			}
		case colText:
			if c.text < 0 {
				c.text = i
			}
		}
	}
	return c, c.text >= 0 && (c.speaker >= 0 || c.time >= 0)
}

// inferColumns finds the columns of a table without a header row. At least
// two rows must have text; a time column has only times, a speaker column
// only names, in at least half the rows; the text column is the longest of
// the others, longer than the names, with three words or more a row on
// average.
func inferColumns(rows [][]string) (columns, bool) {
	c := columns{-1, -1, -1}
	n, width := 0, 0
	for _, r := range rows {
		if !blankRow(r) {
			n++
		}
		width = max(width, len(r))
	}
	if n < 2 || width < 2 {
		return c, false
	}
	type stats struct {
		filled, times, names, chars, words int
		distinct                           map[string]bool
	}
	st := make([]stats, width)
	for _, r := range rows {
		for i, cell := range r {
			t := strings.TrimSpace(cell)
			if t == "" {
				continue
			}
			s := &st[i]
			s.filled++
			s.chars += len([]rune(t))
			s.words += Words(t)
			if _, ok := parseTimeLine(t); ok {
				s.times++
			}
			if l, ok := parseNameLine(strings.TrimSuffix(t, ":")); ok {
				s.names++
				if s.distinct == nil {
					s.distinct = map[string]bool{}
				}
				s.distinct[strings.ToLower(l.speaker)] = true
			}
		}
	}
	most := func(s stats) bool { return s.filled > 0 && s.filled*2 >= n }
	for i, s := range st {
		if c.time < 0 && most(s) && s.times == s.filled {
			c.time = i
		}
	}
	for i, s := range st {
		if c.speaker < 0 && i != c.time && most(s) && s.names == s.filled && (len(s.distinct) < s.names || c.time >= 0) {
			c.speaker = i
		}
	}
	if c.speaker < 0 && c.time < 0 {
		return c, false
	}
	for i, s := range st {
		if i != c.time && i != c.speaker && s.filled > 0 && (c.text < 0 || s.chars > st[c.text].chars) {
			c.text = i
		}
	}
	if c.text < 0 {
		return c, false
	}
	t := st[c.text]
	if t.words < 3*t.filled {
		return c, false
	}
	if c.speaker >= 0 && t.chars*st[c.speaker].filled <= st[c.speaker].chars*t.filled {
		return c, false
	}
	return c, true
}

func blankRow(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
