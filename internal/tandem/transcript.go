package tandem

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Turn is one speaker's turn in a transcript: the span [Start, End) of the
// transcript's text, in Unicode code points, and who spoke it. AtMillis is
// the time the turn starts in the recording, when the source gives it.
type Turn struct {
	Speaker  string `bson:"speaker" json:"speaker"`
	Start    int    `bson:"start" json:"start"`
	End      int    `bson:"end" json:"end"`
	AtMillis *int64 `bson:"atMillis,omitempty" json:"atMillis,omitempty"`
}

// TranscriptInfo is what a project's transcript list shows of one transcript:
// its metadata and counts, without its text.
type TranscriptInfo struct {
	ID             string            `bson:"id" json:"id"`
	Title          string            `bson:"title" json:"title"`
	Format         string            `bson:"format" json:"format"`
	FileName       string            `bson:"fileName" json:"fileName"`
	Participant    string            `bson:"participant" json:"participant"`
	InterviewDate  string            `bson:"interviewDate" json:"interviewDate"`
	Interviewer    string            `bson:"interviewer" json:"interviewer"`
	Site           string            `bson:"site" json:"site"`
	Attributes     map[string]string `bson:"attributes" json:"attributes"`
	ContentNote    string            `bson:"contentNote" json:"contentNote"`
	AssignedCoders []string          `bson:"assignedCoders" json:"assignedCoders"`
	Words          int               `bson:"words" json:"words"`
	// Chars is the length of the text in code points (0 in entries made
	// before it was kept: read the text).
	Chars int `bson:"chars" json:"chars"`
	// CodedBy lists the members who have a coding set on the transcript.
	CodedBy []string `bson:"codedBy" json:"-"`
	// RedactingSince is set while a lead removes names from the text: no
	// coding may start then (the text under excerpts would move). A stale
	// mark (a process that died mid-way) expires after RedactionWindow.
	RedactingSince *time.Time `bson:"redactingSince,omitempty" json:"-"`
	// RedactionTo is the text version a redaction makes, from when it
	// starts until every coding set of the transcript has been moved to
	// the new text; a redaction that died is finished by the next request
	// that codes or reads coding (see Redaction in the API).
	RedactionTo int64 `bson:"redactionTo,omitempty" json:"-"`
	// OffsetsVersion is the text version made by the latest redaction:
	// positions taken on an earlier text must be moved (0: never moved).
	OffsetsVersion int64 `bson:"offsetsVersion,omitempty" json:"-"`
	// Revealed: the lead has shown every coder's coding of this transcript
	// to everyone, even while the project codes blind.
	Revealed bool `bson:"revealed" json:"revealed"`
	// Phase is where the transcript is in reconciliation (empty in entries
	// written before phases: see CurrentPhase). Revealed stays true from
	// revealed on.
	Phase Phase `bson:"phase,omitempty" json:"-"`
	// HasConsensus is set when the transcript's consensus set (coder
	// ConsensusCoder) is first written; it is not in CodedBy.
	HasConsensus bool      `bson:"hasConsensus,omitempty" json:"hasConsensus"`
	TurnCount    int       `bson:"turnCount" json:"turnCount"`
	Redacted     bool      `bson:"redacted" json:"redacted"`
	TextHash     string    `bson:"textHash" json:"-"`
	CreatedAt    time.Time `bson:"createdAt" json:"createdAt"`
	CreatedBy    string    `bson:"createdBy" json:"createdBy"`
	UpdatedAt    time.Time `bson:"updatedAt" json:"updatedAt"`
	Version      int64     `bson:"version" json:"version"`
}

// MarshalJSON shows the transcript's phase as CurrentPhase, so that
// entries written before phases show one too.
func (t TranscriptInfo) MarshalJSON() ([]byte, error) {
	type plain TranscriptInfo
	return json.Marshal(struct {
		plain
		Phase Phase `json:"phase"`
	}{plain(t), t.CurrentPhase()})
}

// The fields of a transcript's details that people type, with their limits.
var (
	TranscriptTitle       = TextField{Field: "title", Label: "The title", Max: 200}
	TranscriptParticipant = TextField{Field: "participant", Label: "The participant pseudonym", Max: 100}
	TranscriptInterviewer = TextField{Field: "interviewer", Label: "The interviewer", Max: 100}
	TranscriptSite        = TextField{Field: "site", Label: "The site", Max: 100}
	ContentNote           = TextField{Field: "contentNote", Label: "The content note", Max: 500, Multiline: true}
	SpeakerName           = TextField{Field: "renames", Label: "A speaker's name", Max: 100}
)

// Limits of a transcript's free details (attributes).
const (
	MaxAttributes        = 50
	MaxAttributeName     = 60
	MaxAttributeValue    = 500
	attributeNameRefused = ".$"
)

// CleanAttributes checks and cleans a transcript's free details: names are
// one line without . or $ (the store keeps them as keys), values one line.
func CleanAttributes(in map[string]string) (map[string]string, error) {
	if len(in) > MaxAttributes {
		return nil, Invalid("attributes", fmt.Sprintf("A transcript can have at most %d details.", MaxAttributes))
	}
	out := make(map[string]string, len(in))
	for k, v := range in {
		name, err := TextField{Field: "attributes", Label: "A detail's name", Max: MaxAttributeName}.Clean(k)
		if err != nil {
			return nil, err
		}
		if name == "" || strings.ContainsAny(name, attributeNameRefused) {
			return nil, Invalid("attributes", "A detail needs a name, without . or $.")
		}
		if out[name], err = (TextField{Field: "attributes", Label: fmt.Sprintf("The value of “%s”", name), Max: MaxAttributeValue}).Clean(v); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// RedactionWindow bounds how long a redaction keeps coding from starting.
const RedactionWindow = 2 * time.Minute

// Redacting reports whether names are being removed from the text at now.
func (t *TranscriptInfo) Redacting(now time.Time) bool {
	return t.RedactingSince != nil && now.Sub(*t.RedactingSince) < RedactionWindow
}

// TranscriptIndex is a project's list of transcripts, kept in one document
// so that listing costs one read whatever else the instance holds.
type TranscriptIndex struct {
	ProjectID   string           `bson:"_id"`
	Transcripts []TranscriptInfo `bson:"transcripts"`
	Version     int64            `bson:"version"`
}

// Transcript returns the entry with the id, or nil.
func (x *TranscriptIndex) Transcript(id string) *TranscriptInfo {
	for i := range x.Transcripts {
		if x.Transcripts[i].ID == id {
			return &x.Transcripts[i]
		}
	}
	return nil
}

// TranscriptText is the text of a transcript and its turns. Offsets are
// Unicode code points over Text.
type TranscriptText struct {
	ID          string `bson:"_id"`
	ProjectID   string `bson:"projectId"`
	Text        string `bson:"text"`
	Turns       []Turn `bson:"turns"`
	Participant string `bson:"participant"` // the speaker who is the participant
	// Changes are the latest redactions' edits (at most MaxTextChanges),
	// oldest first: positions taken on an earlier text are moved through
	// them.
	Changes []TextChange `bson:"changes,omitempty"`
	Version int64        `bson:"version"`
}

// CanRead reports whether a member may read the transcript: leads and
// viewers read all; coders read those assigned to them, or all when shared.
func (t *TranscriptInfo) CanRead(m *Member, sharedWithAll bool) bool {
	if m.Role != RoleCoder || sharedWithAll {
		return true
	}
	for _, id := range t.AssignedCoders {
		if id == m.UserID {
			return true
		}
	}
	return false
}

// SeesAllCoding reports whether a member may see every coder's excerpts on
// the transcript: leads always; others when the project codes openly or the
// lead has revealed the transcript's coding.
func (t *TranscriptInfo) SeesAllCoding(m *Member, openCoding bool) bool {
	return m.Role == RoleLead || openCoding || t.Revealed
}

// CanCode reports whether a member may code the transcript: leads any,
// coders those assigned to them, viewers none.
func (t *TranscriptInfo) CanCode(m *Member) bool {
	return m.Role == RoleLead || m.Role == RoleCoder && slices.Contains(t.AssignedCoders, m.UserID)
}
