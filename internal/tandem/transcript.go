package tandem

// Turn is one speaker's turn in a transcript: the span [Start, End) of the
// transcript's text, in Unicode code points, and who spoke it. AtMillis is
// the time the turn starts in the recording, when the source gives it.
type Turn struct {
	Speaker  string `bson:"speaker" json:"speaker"`
	Start    int    `bson:"start" json:"start"`
	End      int    `bson:"end" json:"end"`
	AtMillis *int64 `bson:"atMillis,omitempty" json:"atMillis,omitempty"`
}
