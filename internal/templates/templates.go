// Package templates holds Tandem's ready-made data as files that researchers
// can read and edit: the codebook templates (REFI-QDA codebooks, in
// codebooks/*.qdc) and the interviews of the sample project (plain text, in
// interviews/*.txt). The files are embedded in the binary and read when it
// starts, by the same importers people's own files go through (refiqda for
// .qdc, transcript for .txt): a file they would refuse stops the start with a
// message naming it, and the importers run at every start.
package templates

import (
	"embed"
	"fmt"

	"github.com/tandemqda/tandem/internal/refiqda"
	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/transcript"
)

//go:embed codebooks/*.qdc interviews/*.txt
var files embed.FS

// codebooks names and describes the templates, in the order they are
// listed; the codes of each are in codebooks/<id>.qdc.
var codebooks = []struct{ id, name, description string }{
	{"rlc", "RLC social integration", "How a peer-run Recovery Learning Community shapes its members' lives: 2 domains, 4 categories, 12 themes."},
	{"chime", "CHIME personal recovery", "The CHIME framework of personal recovery processes (Leamy et al., 2011): Connectedness, Hope and optimism, Identity, Meaning in life, Empowerment."},
}

// interviews describes the sample interviews, in order; the text of each is
// in interviews/<file name>.
var interviews = []tandem.SampleTranscript{
	{FileName: "interview-river.txt", Title: "Interview 1: River", Participant: "River", Site: "Harbour Street centre",
		ContentNote: "Mentions a stay in hospital and feeling low, without details."},
	{FileName: "interview-sam.txt", Title: "Interview 2: Sam", Participant: "Sam", Site: "Harbour Street centre",
		ContentNote: "Talks about losing a job and about medication, briefly."},
	{FileName: "interview-ade.txt", Title: "Interview 3: Ade", Participant: "Ade", Site: "Millbrook library group",
		ContentNote: "Mentions hearing voices and a difficult family situation."},
}

// Codebooks are the codebook templates, read from codebooks/ at start.
var Codebooks = must(loadCodebooks())

// Interviews are the sample project's fictional interviews, read from
// interviews/ at start.
var Interviews = must(loadInterviews())

// ByID returns the codebook template with the id, or nil.
func ByID(id string) *tandem.Template {
	for i := range Codebooks {
		if Codebooks[i].ID == id {
			return &Codebooks[i]
		}
	}
	return nil
}

func must[T any](v T, err error) T {
	if err != nil {
		panic("templates: " + err.Error())
	}
	return v
}

func loadCodebooks() ([]tandem.Template, error) {
	out := make([]tandem.Template, 0, len(codebooks))
	for _, c := range codebooks {
		name := "codebooks/" + c.id + ".qdc"
		data, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		domains, err := readCodebook(data)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		out = append(out, tandem.Template{ID: c.id, Name: c.name, Description: c.description, Domains: domains})
	}
	return out, nil
}

// readCodebook reads a template's codes with the REFI-QDA importer. A
// template must fit Tandem as it is: three levels, nothing refused, nothing
// the importer had to change.
func readCodebook(data []byte) ([]tandem.TemplateNode, error) {
	im, err := refiqda.ImportCodebook(data)
	if err != nil {
		return nil, err
	}
	if len(im.Refused) > 0 {
		return nil, fmt.Errorf("%s %s", im.Refused[0].Where, im.Refused[0].Reason)
	}
	if len(im.Notes) > 0 {
		return nil, fmt.Errorf("the importer changed it: %s", im.Notes[0])
	}
	var children func(parent string) []tandem.TemplateNode
	children = func(parent string) []tandem.TemplateNode {
		var out []tandem.TemplateNode
		for _, n := range im.Nodes {
			if n.ParentID == parent {
				out = append(out, tandem.TemplateNode{Text: n.NodeText, Children: children(n.ID)})
			}
		}
		return out
	}
	return children(""), nil
}

func loadInterviews() ([]tandem.SampleTranscript, error) {
	out := make([]tandem.SampleTranscript, 0, len(interviews))
	for _, st := range interviews {
		name := "interviews/" + st.FileName
		data, err := files.ReadFile(name)
		if err != nil {
			return nil, err
		}
		if _, err := transcript.Parse(st.FileName, data, transcript.DefaultLimits); err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		st.Text = string(data)
		out = append(out, st)
	}
	return out, nil
}
