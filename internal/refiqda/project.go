package refiqda

import (
	"iter"
	"time"

	"github.com/google/uuid"
)

// ProjectNamespace is the REFI-QDA project namespace (project.qde).
const ProjectNamespace = "urn:QDA-XML:project:1.0"

// Project is a REFI-QDA project (.qdpx) as Tandem writes it, and as an
// importer reads it: the users, the codebook, the variables and cases, and
// the text sources with their selections, codings and notes. Sources are a
// sequence, read once, so that a large project is never all in memory.
type Project struct {
	Name        string
	Origin      string // the program that wrote it
	Description string
	CreatedAt   time.Time // zero: not written
	Users       []User
	Codes       []Code
	Variables   []Variable
	Cases       []Case
	// Sources yields the text sources in order; it stops at the first error.
	Sources iter.Seq2[*Source, error]
}

// User is a person who coded: a coder, or the consensus of a project.
type User struct {
	GUID string
	Name string
	// ID is the user's id in the program that wrote the file: Tandem
	// writes ConsensusUserID for the consensus and nothing for people
	// (their accounts mean nothing on another server).
	ID string
}

// ConsensusUserID is the id of the user who stands for a Tandem project's
// consensus, so that an import knows the consensus from a person.
const ConsensusUserID = "tandem:consensus"

// Code is a code of the codebook with the codes below it, as the codebook
// (.qdc) and the project (project.qde) both write it.
type Code = xmlCode

// VariableType is the type of a variable's values: Tandem writes text.
type VariableType string

// The variable type Tandem writes.
const VariableText VariableType = "Text"

// Variable is an attribute of sources or cases (a transcript's
// participant, site, date and free attributes).
type Variable struct {
	GUID string
	Name string
	Type VariableType
}

// VariableValue is one variable's value on a source or a case.
type VariableValue struct {
	VariableGUID string
	Text         string
}

// Case is a unit of analysis (a participant) and the sources about it.
type Case struct {
	GUID    string
	Name    string
	Sources []string // source GUIDs
}

// Source is a text source: its plain text, stored as sources/<GUID>.txt,
// the selections made on it and its variable values.
type Source struct {
	GUID        string
	Name        string
	Description string
	Text        string
	Selections  []Selection
	Values      []VariableValue
}

// Path is where the source's text is kept inside the .qdpx.
func (s *Source) Path() string { return "sources/" + s.GUID + ".txt" }

// Selection is a span [Start, End) of a source's text in Unicode code
// points, made by one user, with the codes applied to it and an optional note.
type Selection struct {
	GUID         string
	Start, End   int
	CreatingUser string // user GUID
	CreatedAt    time.Time
	Codings      []Coding
	Note         *Note
}

// Coding is one code applied to a selection.
type Coding struct {
	GUID         string
	Code         string // code GUID
	CreatingUser string
}

// Note is a memo; Tandem writes an excerpt's memo as a note that its
// selection refers to.
type Note struct {
	GUID         string
	Name         string
	Text         string
	CreatingUser string
	CreatedAt    time.Time
}

// guidSpace is the namespace of the GUIDs Tandem derives from its own ids
// (a name-based UUID, version 5), so that the same project always gets the
// same GUIDs and its exports diff cleanly. It was chosen once for Tandem:
// changing it would change every GUID of every export.
var guidSpace = uuid.MustParse("4f0c5a8e-3b1d-5d6e-9a57-7a6e2d1c0b3f")

// GUID derives a stable GUID for a Tandem object of a kind ("source",
// "selection", ...) from its ids.
func GUID(kind string, ids ...string) string {
	name := kind
	for _, id := range ids {
		name += "\x00" + id
	}
	return uuid.NewSHA1(guidSpace, []byte(name)).String()
}
