package tandem

import (
	"slices"
	"strings"
	"testing"
)

func ptr[T any](v T) *T { return &v }

func TestTranscriptPatch(t *testing.T) {
	p := &Project{Members: []Member{{UserID: "lead", Role: RoleLead}, {UserID: "coder", Role: RoleCoder}, {UserID: "viewer", Role: RoleViewer}}}
	for _, c := range []struct {
		name  string
		patch TranscriptPatch
		field string // the field refused; "" when accepted
		check func(t *TranscriptInfo) bool
	}{
		{"title trimmed", TranscriptPatch{Title: ptr("  Interview 3 ")}, "", func(t *TranscriptInfo) bool { return t.Title == "Interview 3" && t.Site == "Old site" }},
		{"empty title", TranscriptPatch{Title: ptr("  ")}, "title", nil},
		{"title too long", TranscriptPatch{Title: ptr(strings.Repeat("x", 201))}, "title", nil},
		{"date", TranscriptPatch{InterviewDate: ptr("2026-03-14")}, "", func(t *TranscriptInfo) bool { return t.InterviewDate == "2026-03-14" }},
		{"date cleared", TranscriptPatch{InterviewDate: ptr("")}, "", func(t *TranscriptInfo) bool { return t.InterviewDate == "" }},
		{"not a date", TranscriptPatch{InterviewDate: ptr("14/03/2026")}, "interviewDate", nil},
		{"no such day", TranscriptPatch{InterviewDate: ptr("2026-02-30")}, "interviewDate", nil},
		{"content note on lines", TranscriptPatch{ContentNote: ptr("Self-harm.\nTalk of loss.")}, "", func(t *TranscriptInfo) bool { return t.ContentNote == "Self-harm.\nTalk of loss." }},
		{"participant too long", TranscriptPatch{Participant: ptr(strings.Repeat("p", 101))}, "participant", nil},
		{"attributes", TranscriptPatch{Attributes: &map[string]string{" Age group ": " 30-39 "}}, "", func(t *TranscriptInfo) bool { return t.Attributes["Age group"] == "30-39" }},
		{"attribute name with $", TranscriptPatch{Attributes: &map[string]string{"a$b": "x"}}, "attributes", nil},
		{"coders assigned once each", TranscriptPatch{AssignedCoders: &[]string{"coder", "lead", "coder"}}, "", func(t *TranscriptInfo) bool { return slices.Equal(t.AssignedCoders, []string{"coder", "lead"}) }},
		{"no coders", TranscriptPatch{AssignedCoders: &[]string{}}, "", func(t *TranscriptInfo) bool { return len(t.AssignedCoders) == 0 }},
		{"a viewer is not assigned", TranscriptPatch{AssignedCoders: &[]string{"viewer"}}, "assignedCoders", nil},
		{"a stranger is not assigned", TranscriptPatch{AssignedCoders: &[]string{"nobody"}}, "assignedCoders", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			patch := c.patch
			err := patch.Validate(p)
			if c.field != "" {
				if err == nil || FieldOf(err) != c.field {
					t.Fatalf("error %v, want one on %q", err, c.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			info := &TranscriptInfo{Title: "Old", Site: "Old site", AssignedCoders: []string{"lead"}}
			patch.Apply(info)
			if !c.check(info) {
				t.Fatalf("after the patch: %+v", info)
			}
		})
	}
}

func TestProjectPatch(t *testing.T) {
	for _, c := range []struct {
		name  string
		patch ProjectPatch
		field string
		want  Project
	}{
		{"nothing", ProjectPatch{}, "", Project{Name: "Study", Description: "About"}},
		{"name trimmed", ProjectPatch{Name: ptr(" RLC study ")}, "", Project{Name: "RLC study", Description: "About"}},
		{"empty name", ProjectPatch{Name: ptr("")}, "name", Project{}},
		{"description cleared", ProjectPatch{Description: ptr("")}, "", Project{Name: "Study"}},
		{"description too long", ProjectPatch{Description: ptr(strings.Repeat("d", 5001))}, "description", Project{}},
		{"switches", ProjectPatch{Archived: ptr(true), ShareTranscripts: ptr(true), OpenCoding: ptr(true)}, "",
			Project{Name: "Study", Description: "About", Archived: true, ShareTranscripts: true, OpenCoding: true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			patch := c.patch
			err := patch.Validate()
			if c.field != "" {
				if FieldOf(err) != c.field {
					t.Fatalf("error %v, want one on %q", err, c.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			p := Project{Name: "Study", Description: "About"}
			patch.Apply(&p)
			if p.Name != c.want.Name || p.Description != c.want.Description || p.Archived != c.want.Archived ||
				p.ShareTranscripts != c.want.ShareTranscripts || p.OpenCoding != c.want.OpenCoding {
				t.Fatalf("after the patch: %+v, want %+v", p, c.want)
			}
		})
	}
}

func TestMemberPatch(t *testing.T) {
	project := func() *Project {
		return &Project{Members: []Member{
			{UserID: "lead", Role: RoleLead, DisplayName: "Lee"},
			{UserID: "coder", Role: RoleCoder, DisplayName: "Cam", ResearcherType: ResearcherPeer},
		}}
	}
	lead, coder := &project().Members[0], &project().Members[1]
	for _, c := range []struct {
		name   string
		by     *Member
		userID string
		patch  MemberPatch
		code   Code   // the error's code; "" when accepted
		field  string // for invalid_input
		check  func(m *Member) bool
	}{
		{"lead makes a coder a lead", lead, "coder", MemberPatch{Role: ptr("lead")}, "", "", func(m *Member) bool { return m.Role == RoleLead }},
		{"a coder changes no role", coder, "coder", MemberPatch{Role: ptr("lead")}, CodeForbidden, "", nil},
		{"no such role", lead, "coder", MemberPatch{Role: ptr("boss")}, CodeInvalidInput, "role", nil},
		{"the sole lead stays a lead", lead, "lead", MemberPatch{Role: ptr("coder")}, CodeLastLead, "", nil},
		{"nothing to change", coder, "coder", MemberPatch{}, CodeInvalidInput, "role", nil},
		{"own display name", coder, "coder", MemberPatch{DisplayName: ptr(" Cam R. ")}, "", "", func(m *Member) bool { return m.DisplayName == "Cam R." && m.Role == RoleCoder }},
		{"another's display name", lead, "coder", MemberPatch{DisplayName: ptr("X")}, CodeForbidden, "", nil},
		{"own researcher type in own words", coder, "coder", MemberPatch{ResearcherType: ptr("other"), ResearcherTypeLabel: ptr(" Peer and student ")}, "", "",
			func(m *Member) bool {
				return m.ResearcherType == ResearcherOther && m.ResearcherTypeLabel == "Peer and student"
			}},
		{"a description without its type", coder, "coder", MemberPatch{ResearcherTypeLabel: ptr("x")}, CodeInvalidInput, "researcherType", nil},
		{"not a member", lead, "nobody", MemberPatch{Role: ptr("coder")}, CodeNotFound, "", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := project()
			patch := c.patch
			err := patch.Validate(c.by, c.userID)
			if err == nil {
				err = patch.Apply(p, c.userID)
			}
			if c.code != "" {
				if CodeOf(err) != c.code || c.field != "" && FieldOf(err) != c.field {
					t.Fatalf("error %v, want %s on %q", err, c.code, c.field)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if m := p.Member(c.userID); !c.check(m) {
				t.Fatalf("after the patch: %+v", m)
			}
		})
	}
}

func TestCleanSpeakerRenames(t *testing.T) {
	for _, c := range []struct {
		in    map[string]string
		want  map[string]string
		field string
	}{
		{map[string]string{"SPEAKER 1": "  Interviewer ", "S2": "Alex"}, map[string]string{"SPEAKER 1": "Interviewer", "S2": "Alex"}, ""},
		{map[string]string{}, map[string]string{}, ""},
		{map[string]string{"S1": "  "}, nil, "renames"},
		{map[string]string{"S1": strings.Repeat("n", 101)}, nil, "renames"},
	} {
		got, err := CleanSpeakerRenames(c.in)
		if c.field != "" {
			if FieldOf(err) != c.field {
				t.Errorf("%q: error %v, want one on %q", c.in, err, c.field)
			}
			continue
		}
		if err != nil || len(got) != len(c.want) {
			t.Errorf("%q: %q, %v", c.in, got, err)
		}
		for k, v := range c.want {
			if got[k] != v {
				t.Errorf("%q: %q -> %q, want %q", c.in, k, got[k], v)
			}
		}
	}
}
