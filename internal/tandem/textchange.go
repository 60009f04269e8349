package tandem

import "slices"

// TextEdit is one replacement a redaction made: the code points [Start, End)
// of the text before became Len code points (Len >= 1). It keeps positions
// and lengths only, never the words that were removed.
type TextEdit struct {
	Start int `bson:"start" json:"start"`
	End   int `bson:"end" json:"end"`
	Len   int `bson:"len" json:"len"`
}

// TextChange is what one redaction did to a transcript's text: the edits,
// in order of position and not overlapping, that made text version To from
// text version From. Positions taken on the text before it are moved with
// MapSpan.
type TextChange struct {
	From  int64      `bson:"from" json:"from"`
	To    int64      `bson:"to" json:"to"`
	Edits []TextEdit `bson:"edits" json:"edits"`
}

// MaxTextChanges bounds how many past redactions a transcript remembers, so
// that a client that loaded the text before one of them can still have its
// positions moved.
const MaxTextChanges = 20

// MapSpan moves the span [start, end) of a text through edits (sorted, not
// overlapping) to the span that covers the same words in the edited text.
// A replacement inside the span stays inside it; a span that starts or ends
// inside a replaced word grows to take the whole replacement, so that no
// excerpt ever holds half of "[NAME]"; a span made only of a replaced word
// becomes its replacement.
func MapSpan(start, end int, edits []TextEdit) (int, int) {
	newStart, newEnd := start, end
	shift := 0 // the change in length of the edits passed so far
	for _, e := range edits {
		delta := e.Len - (e.End - e.Start)
		switch {
		case e.End <= start:
			newStart += delta
		case e.Start < start: // start falls inside the replaced word
			newStart = e.Start + shift
		}
		switch {
		case e.End <= end:
			newEnd += delta
		case e.Start < end: // end falls inside the replaced word
			newEnd = e.Start + shift + e.Len
		}
		shift += delta
	}
	return newStart, newEnd
}

// ChangesSince returns the changes a position taken on text version v must
// go through to fit the current text: those that made a version after v.
func ChangesSince(changes []TextChange, v int64) []TextChange {
	i := slices.IndexFunc(changes, func(c TextChange) bool { return c.To > v })
	if i < 0 {
		return nil
	}
	return changes[i:]
}

// MapSpanThrough moves a span through several changes, oldest first.
func MapSpanThrough(start, end int, changes []TextChange) (int, int) {
	for _, c := range changes {
		start, end = MapSpan(start, end, c.Edits)
	}
	return start, end
}

// FollowText moves the set's excerpts through the changes of the text made
// after the version its positions refer to, and records the version they
// now refer to. It reports whether anything moved; a set already at to is
// left alone, so that finishing a redaction twice is harmless.
func (s *CodingSet) FollowText(changes []TextChange, to int64) bool {
	if s.TextVersion >= to {
		return false
	}
	pending := ChangesSince(changes, s.TextVersion)
	for i := range s.Excerpts {
		e := &s.Excerpts[i]
		e.Start, e.End = MapSpanThrough(e.Start, e.End, pending)
	}
	s.TextVersion = to
	return true
}
