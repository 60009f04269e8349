package httpapi

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/gofiber/fiber/v2"

	"github.com/tandemqda/tandem/internal/tandem"
	"github.com/tandemqda/tandem/internal/transcript"
)

// maxFilesPerUpload bounds the files of one upload request.
const maxFilesPerUpload = 50

type uploadResult struct {
	FileName   string                 `json:"fileName"`
	OK         bool                   `json:"ok"`
	Transcript *tandem.TranscriptInfo `json:"transcript,omitempty"`
	Error      *errorFields           `json:"error,omitempty"`
}

// uploadTranscripts stores each uploaded file that can be read, and reports
// for every file whether it was stored or why not. A failed file leaves
// nothing behind.
func (s *Server) uploadTranscripts(c *fiber.Ctx) error {
	if err := requireMediaType(c, fiber.MIMEMultipartForm); err != nil {
		return err
	}
	form, err := c.MultipartForm()
	if err != nil {
		return tandem.Errorf(tandem.CodeInvalidInput, "Send the files as a multipart form (field \"files\").")
	}
	files := form.File["files"]
	if len(files) == 0 {
		return tandem.Invalid("files", "Choose at least one file to upload.")
	}
	if len(files) > maxFilesPerUpload {
		return tandem.Invalid("files", fmt.Sprintf("Upload at most %d files at once.", maxFilesPerUpload))
	}
	sc := scopeOf(c)
	lim := transcript.DefaultLimits
	lim.MaxBytes = s.cfg.MaxUploadBytes
	lim.MaxUnzippedBytes = max(lim.MaxUnzippedBytes, 10*int64(s.cfg.MaxUploadBytes))
	results := make([]uploadResult, 0, len(files))
	for _, fh := range files {
		name := fh.Filename
		info, err := s.app.Upload(c.UserContext(), sc, name, func() ([]byte, error) {
			if fh.Size > int64(lim.MaxBytes) {
				return nil, &tandem.Error{Code: transcript.CodeTooLarge, Message: fmt.Sprintf("The file is too large (at most %d MB).", lim.MaxBytes>>20)}
			}
			f, err := fh.Open()
			if err != nil {
				return nil, fmt.Errorf("open upload %q: %w", name, err)
			}
			defer f.Close()
			return io.ReadAll(io.LimitReader(f, int64(lim.MaxBytes)+1))
		}, lim)
		r := uploadResult{FileName: name, OK: err == nil, Transcript: info}
		if err != nil {
			var te *tandem.Error
			if !errors.As(err, &te) || te.Code == tandem.CodeInternal || te.Code == tandem.CodeStoreUnavailable || te.Code == tandem.CodeStorageFull {
				s.log.Error("upload transcript", "project", sc.Project.ID, "file", name, "error", err)
				if te == nil || te.Code == tandem.CodeInternal {
					te = &tandem.Error{Code: tandem.CodeInternal, Message: "The server could not store this file. Try again."}
				}
			}
			r.Error = &errorFields{Code: te.Code, Message: te.Message}
		}
		results = append(results, r)
	}
	return c.JSON(fiber.Map{"results": results})
}

func (s *Server) listTranscripts(c *fiber.Ctx) error {
	sc := scopeOf(c)
	p, m := sc.Project, sc.Member
	x, err := s.store.TranscriptIndex(c.UserContext(), p.ID)
	if err != nil {
		return err
	}
	out := make([]tandem.TranscriptInfo, 0, len(x.Transcripts))
	for _, t := range x.Transcripts {
		if t.CanRead(m, p.ShareTranscripts) {
			out = append(out, t)
		}
	}
	return c.JSON(out)
}

// transcriptEntry is a transcript's entry without its own MarshalJSON, to
// embed in a view (which would otherwise marshal the entry alone).
type transcriptEntry tandem.TranscriptInfo

type transcriptView struct {
	transcriptEntry
	Phase              tandem.Phase  `json:"phase"`
	Text               string        `json:"text"`
	Turns              []tandem.Turn `json:"turns"`
	ParticipantSpeaker string        `json:"participantSpeaker"`
	Speakers           []speakerView `json:"speakers"`
	TextVersion        int64         `json:"textVersion"`
}

type speakerView struct {
	Name  string `json:"name"`
	Turns int    `json:"turns"`
}

func viewTranscript(info *tandem.TranscriptInfo, t *tandem.TranscriptText) *transcriptView {
	count := map[string]int{}
	var names []string
	for _, turn := range t.Turns {
		if count[turn.Speaker] == 0 {
			names = append(names, turn.Speaker)
		}
		count[turn.Speaker]++
	}
	speakers := make([]speakerView, 0, len(names))
	for _, n := range names {
		speakers = append(speakers, speakerView{Name: n, Turns: count[n]})
	}
	return &transcriptView{transcriptEntry: transcriptEntry(*info), Phase: info.CurrentPhase(), Text: t.Text, Turns: t.Turns, ParticipantSpeaker: t.Participant, Speakers: speakers, TextVersion: t.Version}
}

func (s *Server) getTranscript(c *fiber.Ctx) error {
	info, t, err := s.app.TranscriptWithText(c.UserContext(), scopeOf(c), c.Params("tid"))
	if err != nil {
		return err
	}
	return c.JSON(viewTranscript(info, t))
}

func (s *Server) patchTranscript(c *fiber.Ctx) error {
	var in struct {
		Version *int64 `json:"version"`
		tandem.TranscriptPatch
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	if in.Version == nil {
		return tandem.Invalid("version", "Send the version of the transcript you changed.")
	}
	info, err := s.app.PatchTranscript(c.UserContext(), scopeOf(c), c.Params("tid"), *in.Version, in.TranscriptPatch)
	if err != nil {
		return err
	}
	return c.JSON(info)
}

func (s *Server) deleteTranscript(c *fiber.Ctx) error {
	sc := scopeOf(c)
	p := sc.Project
	tid := c.Params("tid")
	var removed tandem.TranscriptInfo
	_, err := s.store.UpdateTranscriptIndex(c.UserContext(), p.ID, func(x *tandem.TranscriptIndex) error {
		for i, t := range x.Transcripts {
			if t.ID == tid {
				removed = t
				x.Transcripts = append(x.Transcripts[:i], x.Transcripts[i+1:]...)
				return nil
			}
		}
		return tandem.Errorf(tandem.CodeNotFound, "This transcript does not exist.")
	})
	if err != nil {
		return err
	}
	if err := s.store.DeleteTranscriptText(context.WithoutCancel(c.UserContext()), tid); err != nil {
		s.log.Error("delete text of a removed transcript", "transcript", tid, "error", err)
	}
	if err := s.store.DeleteDecisions(context.WithoutCancel(c.UserContext()), p.ID, tid); err != nil {
		s.log.Error("delete decisions of a removed transcript", "transcript", tid, "error", err)
	}
	for _, coder := range removed.SetOwners() {
		if err := s.store.DeleteCodingSet(context.WithoutCancel(c.UserContext()), tid, coder); err != nil {
			s.log.Error("delete coding of a removed transcript", "transcript", tid, "coder", coder, "error", err)
		}
	}
	if err := s.app.RemoveTranscriptExemplars(context.WithoutCancel(c.UserContext()), p.ID, tid); err != nil {
		s.log.Error("remove the picked quotes of a removed transcript", "transcript", tid, "error", err)
	}
	u := sc.User
	s.app.Audit(c.UserContext(), p.ID, u, "transcript.deleted", fmt.Sprintf("%s deleted the transcript %q.", u.Name, removed.Title), map[string]any{"transcriptId": tid})
	return c.SendStatus(fiber.StatusNoContent)
}

// patchSpeakers renames speakers across a transcript and marks which speaker
// is the participant.
func (s *Server) patchSpeakers(c *fiber.Ctx) error {
	var in struct {
		Version     *int64            `json:"version"`
		Renames     map[string]string `json:"renames"`
		Participant *string           `json:"participant"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	if in.Version == nil {
		return tandem.Invalid("version", "Send the text version of the transcript you changed.")
	}
	t, info, err := s.app.RenameSpeakers(c.UserContext(), scopeOf(c), c.Params("tid"), *in.Version, in.Renames, in.Participant)
	if err != nil {
		return err
	}
	return c.JSON(viewTranscript(info, t))
}

// codedSpans is one coder's excerpts on a transcript, as the
// de-identification page shows how much coding a replacement touches.
type codedSpans struct {
	CoderID   string   `json:"coderId"`
	CoderName string   `json:"coderName"`
	Spans     [][2]int `json:"spans"`
}

func (s *Server) transcriptIdentifiers(c *fiber.Ctx) error {
	sc := scopeOf(c)
	p := sc.Project
	info, t, err := s.app.TranscriptWithText(c.UserContext(), sc, c.Params("tid"))
	if err != nil {
		return err
	}
	coding := []codedSpans{}
	for _, coder := range info.CodedBy {
		set, err := s.app.LoadSet(c.UserContext(), p.ID, info, coder)
		if err != nil {
			return err
		}
		if len(set.Excerpts) == 0 {
			continue
		}
		cs := codedSpans{CoderID: coder, CoderName: "Former member", Spans: make([][2]int, len(set.Excerpts))}
		if m := p.Member(coder); m != nil {
			cs.CoderName = m.DisplayName
		}
		for i, e := range set.Excerpts {
			cs.Spans[i] = [2]int{e.Start, e.End}
		}
		coding = append(coding, cs)
	}
	labels := transcript.SpeakerLabels(t.Turns, p.Pseudonyms)
	if labels == nil {
		labels = []transcript.SpeakerLabel{}
	}
	return c.JSON(fiber.Map{"textVersion": t.Version, "candidates": transcript.Identifiers(t.Text, t.Turns, p.IdentifierNames, p.Pseudonyms),
		"speakerLabels": labels, "coding": coding})
}

// putIdentifierNames sets the project's list of names to look for.
func (s *Server) putIdentifierNames(c *fiber.Ctx) error {
	var in struct {
		Names []string `json:"names"`
	}
	if err := decode(c, &in); err != nil {
		return err
	}
	names, err := tandem.CleanIdentifierNames(in.Names)
	if err != nil {
		return err
	}
	p, err := s.store.UpdateProject(c.UserContext(), c.Params("pid"), func(p *tandem.Project) error {
		p.IdentifierNames = names
		return nil
	})
	if err != nil {
		return err
	}
	u := scopeOf(c).User
	s.app.Audit(c.UserContext(), p.ID, u, "project.identifier_names_changed", fmt.Sprintf("%s changed the list of names to look for (%d names).", u.Name, len(names)), nil)
	return c.JSON(fiber.Map{"names": p.IdentifierNames})
}

func (s *Server) getIdentifierNames(c *fiber.Ctx) error {
	sc := scopeOf(c)
	p := sc.Project
	names := p.IdentifierNames
	if names == nil {
		names = []string{}
	}
	return c.JSON(fiber.Map{"names": names})
}
