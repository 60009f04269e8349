package transcript

import (
	"html"
	"regexp"
	"strings"
)

// timingRE matches a cue timing line: "00:01:02.000 --> 00:01:05.500 ..."
// (WebVTT, hours optional) or "00:01:02,000 --> 00:01:05,500" (SubRip).
var timingRE = regexp.MustCompile(`^((?:\d{1,3}:)?\d{2}:\d{2}[.,]\d{1,3})\s+-->\s+((?:\d{1,3}:)?\d{2}:\d{2}[.,]\d{1,3})(?:\s.*)?$`)

// voiceRE matches a WebVTT voice tag: <v Name> or <v.class Name>.
var voiceRE = regexp.MustCompile(`<v(?:\.[^\s>]*)?\s+([^>]+)>`)

// tagRE matches any other cue tag (<i>, </v>, <c.x>, <00:01:02.000>...).
var tagRE = regexp.MustCompile(`<[^>]*>`)

// prefixRE matches a "Name: text" cue as Zoom writes them.
var prefixRE = regexp.MustCompile(`(?s)^([^:\n]{1,60}?):\s+(.*)$`)

// block is a run of non-blank lines; first is its line number (1-based).
type block struct {
	first int
	lines []string
}

func blocks(lines []string, from int) []block {
	var out []block
	for i := from; i < len(lines); {
		if strings.TrimSpace(lines[i]) == "" {
			i++
			continue
		}
		start := i
		for i < len(lines) && strings.TrimSpace(lines[i]) != "" {
			i++
		}
		out = append(out, block{first: start + 1, lines: lines[start:i]})
	}
	return out
}

// parseVTT reads a WebVTT file (already normalised). Speakers come from
// voice tags (Teams) or a "Name: " prefix (Zoom).
func parseVTT(text string) ([]cue, error) {
	lines := strings.Split(text, "\n")
	if !strings.HasPrefix(lines[0], "WEBVTT") {
		return nil, fileError(CodeInvalidFile, "This .vtt file does not start with WEBVTT.")
	}
	var cues []cue
	for _, b := range blocks(lines, 1) {
		first := strings.TrimSpace(b.lines[0])
		if strings.HasPrefix(first, "NOTE") || first == "STYLE" || first == "REGION" ||
			(b.first == 2 && !strings.Contains(strings.Join(b.lines, "\n"), "-->")) { // header lines such as "Kind: captions"
			continue
		}
		c, err := timedCue(b, ".vtt", "00:01:02.000 --> 00:01:05.000")
		if err != nil {
			return nil, err
		}
		if m := voiceRE.FindStringSubmatch(c.text); m != nil {
			c.speaker = strings.TrimSpace(html.UnescapeString(m[1]))
		}
		c.text = html.UnescapeString(tagRE.ReplaceAllString(c.text, ""))
		cues = append(cues, c)
	}
	if len(cues) == 0 {
		return nil, fileError(CodeEmptyFile, "This .vtt file has no captions in it.")
	}
	return prefixSpeakers(cues), nil
}

// parseSRT reads a SubRip file (already normalised).
func parseSRT(text string) ([]cue, error) {
	var cues []cue
	for _, b := range blocks(strings.Split(text, "\n"), 0) {
		c, err := timedCue(b, ".srt", "00:01:02,000 --> 00:01:05,000")
		if err != nil {
			return nil, err
		}
		c.text = html.UnescapeString(tagRE.ReplaceAllString(c.text, ""))
		cues = append(cues, c)
	}
	if len(cues) == 0 {
		return nil, fileError(CodeEmptyFile, "This .srt file has no subtitles in it.")
	}
	return prefixSpeakers(cues), nil
}

// prefixSpeakers takes "Name: text" prefixes of cues without a speaker as
// their speaker, by the rules labels follow in text (classify): a name that
// starts two cues or more, or a usual label; and then, as the file has
// labels, a once-said name of one to three capitalised words. Never a
// speaker: Note, Date and the like. A cue without a prefix after a labelled
// one is that speaker going on, as subtitles mark only who starts to speak.
// Each cue's text is squeezed to single spaces.
func prefixSpeakers(cues []cue) []cue {
	count := map[string]int{}
	names := make([]string, len(cues))
	rests := make([]string, len(cues))
	for i, c := range cues {
		if m := prefixRE.FindStringSubmatch(c.text); c.speaker == "" && m != nil {
			name := strings.TrimSpace(m[1])
			if !notSpeaker(name) {
				names[i], rests[i] = name, m[2]
				count[name]++
			}
		}
	}
	any := false
	for _, name := range names {
		if name != "" && (count[name] >= 2 || knownLabels.MatchString(name)) {
			any = true
		}
	}
	prefixed := false // speakers come from prefixes
	prev := ""
	for i := range cues {
		c := &cues[i]
		name := names[i]
		switch {
		case name != "" && (count[name] >= 2 || knownLabels.MatchString(name) || (any && speakerName(name))):
			c.speaker, c.text, prefixed = name, rests[i], true
		case c.speaker == "" && prefixed:
			c.speaker = prev
		}
		prev = c.speaker
		c.text = strings.Join(strings.Fields(c.text), " ")
	}
	return cues
}

// timedCue reads a cue block: an optional identifier, the timing line, and
// the payload lines.
func timedCue(b block, kind, example string) (cue, error) {
	t := 0
	if !strings.Contains(b.lines[0], "-->") {
		t = 1 // a cue identifier or number
	}
	if t >= len(b.lines) || !strings.Contains(b.lines[t], "-->") {
		return cue{}, fileError(CodeInvalidFile, "Line %d of this %s file should be a timing like %s, but it is %q.", b.first+t, kind, example, clip(b.lines[min(t, len(b.lines)-1)]))
	}
	m := timingRE.FindStringSubmatch(strings.TrimSpace(b.lines[t]))
	var start, end *int64
	if m != nil {
		start, end = parseClock(m[1]), parseClock(m[2])
	}
	if start == nil || end == nil || *end < *start {
		return cue{}, fileError(CodeInvalidFile, "Line %d of this %s file has a broken timing: %q. Timings look like %s.", b.first+t, kind, clip(b.lines[t]), example)
	}
	return cue{atMillis: *start, text: strings.Join(b.lines[t+1:], "\n")}, nil
}

// clip shortens a line quoted in an error message.
func clip(s string) string {
	s = strings.TrimSpace(s)
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
