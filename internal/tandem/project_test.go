package tandem

import (
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func team(roles ...Role) *Project {
	p := &Project{Name: "RLC social integration"}
	for i, r := range roles {
		p.Members = append(p.Members, Member{UserID: string(rune('a' + i)), Role: r})
	}
	return p
}

func TestSoleLead(t *testing.T) {
	for _, tc := range []struct {
		name  string
		p     *Project
		user  string
		want  bool
		about string
	}{
		{"only lead", team(RoleLead, RoleCoder, RoleViewer), "a", true, "the one lead of three members"},
		{"alone", team(RoleLead), "a", true, "a lead alone in the project"},
		{"one of two leads", team(RoleLead, RoleLead, RoleCoder), "a", false, "another lead remains"},
		{"second of two leads", team(RoleLead, RoleLead), "b", false, "another lead remains"},
		{"coder", team(RoleLead, RoleCoder), "b", false, "a coder is not a lead"},
		{"viewer", team(RoleLead, RoleViewer), "b", false, "a viewer is not a lead"},
		{"not a member", team(RoleLead), "z", false, "a stranger is nobody's lead"},
		{"no lead at all", team(RoleCoder), "a", false, "an old project without leads has no sole lead"},
	} {
		if got := tc.p.SoleLead(tc.user); got != tc.want {
			t.Errorf("%s (%s): SoleLead = %v, want %v", tc.name, tc.about, got, tc.want)
		}
	}
}

func TestChangeRoleAndRemoveKeepALead(t *testing.T) {
	for _, tc := range []struct {
		name   string
		p      *Project
		user   string
		role   Role // "" removes the member
		code   Code // "" when allowed
		leadsN int  // leads left when allowed
	}{
		{"sole lead steps down", team(RoleLead, RoleCoder), "a", RoleCoder, CodeLastLead, 0},
		{"sole lead becomes viewer", team(RoleLead), "a", RoleViewer, CodeLastLead, 0},
		{"sole lead leaves", team(RoleLead, RoleCoder), "a", "", CodeLastLead, 0},
		{"sole lead stays lead", team(RoleLead, RoleCoder), "a", RoleLead, "", 1},
		{"one of two steps down", team(RoleLead, RoleLead), "a", RoleCoder, "", 1},
		{"one of two leaves", team(RoleLead, RoleLead), "b", "", "", 1},
		{"coder promoted", team(RoleLead, RoleCoder), "b", RoleLead, "", 2},
		{"coder removed", team(RoleLead, RoleCoder), "b", "", "", 1},
		{"stranger", team(RoleLead), "z", RoleCoder, CodeNotFound, 0},
		{"stranger removed", team(RoleLead), "z", "", CodeNotFound, 0},
	} {
		before := slices.Clone(tc.p.Members)
		var err error
		if tc.role == "" {
			err = tc.p.RemoveMember(tc.user)
		} else {
			err = tc.p.ChangeRole(tc.user, tc.role)
		}
		if tc.code != "" {
			if CodeOf(err) != tc.code {
				t.Errorf("%s: error %v, want %s", tc.name, err, tc.code)
			}
			if !slices.Equal(tc.p.Members, before) {
				t.Errorf("%s: a refused change changed the members: %+v", tc.name, tc.p.Members)
			}
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		leads := 0
		for _, m := range tc.p.Members {
			if m.Role == RoleLead {
				leads++
			}
		}
		if leads != tc.leadsN {
			t.Errorf("%s: %d leads left, want %d", tc.name, leads, tc.leadsN)
		}
	}
}

func TestConfirmDeletion(t *testing.T) {
	p := &Project{Name: "RLC  social integration (pilot)"}
	for _, tc := range []struct {
		typed string
		ok    bool
	}{
		{"RLC  social integration (pilot)", true},
		{"  rlc social   INTEGRATION (pilot) ", true},
		{"RLC social integration", false},
		{"RLC social integration (pilot) x", false},
		{"", false},
		{"   ", false},
		{"yes", false},
	} {
		err := p.ConfirmDeletion(tc.typed)
		if (err == nil) != tc.ok {
			t.Errorf("ConfirmDeletion(%q) = %v, want ok=%v", tc.typed, err, tc.ok)
		}
		if err != nil && FieldOf(err) != "name" {
			t.Errorf("ConfirmDeletion(%q): the error names field %q, want name", tc.typed, FieldOf(err))
		}
	}
}

func TestPasswordResetUsable(t *testing.T) {
	now := time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		expires time.Time
		code    Code
	}{
		{now.Add(time.Second), ""},
		{now.Add(24 * time.Hour), ""},
		{now, CodeResetExpired},
		{now.Add(-time.Hour), CodeResetExpired},
	} {
		r := &PasswordReset{ExpiresAt: tc.expires}
		err := r.Usable(now)
		if tc.code == "" && err != nil || tc.code != "" && CodeOf(err) != tc.code {
			t.Errorf("expires %v: Usable = %v, want %q", tc.expires.Sub(now), err, tc.code)
		}
	}
}

func TestInvitationLimits(t *testing.T) {
	day := 24 * time.Hour
	for _, c := range []struct {
		hours *int
		want  time.Duration
		ok    bool
	}{
		{nil, 7 * day, true}, {ptr(1), time.Hour, true}, {ptr(720), 30 * day, true},
		{ptr(0), 0, false}, {ptr(721), 0, false}, {ptr(-5), 0, false},
	} {
		got, err := InvitationLifetime(c.hours, 7*day)
		if (err == nil) != c.ok || got != c.want || err != nil && FieldOf(err) != "expiresInHours" {
			t.Errorf("InvitationLifetime(%v) = %s, %v", c.hours, got, err)
		}
	}
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	p := &Project{}
	for i := range MaxPendingInvitations {
		if err := p.AddInvitation(Invitation{ID: strconv.Itoa(i), ExpiresAt: now.Add(day)}, now); err != nil {
			t.Fatalf("invitation %d: %v", i, err)
		}
	}
	if err := p.AddInvitation(Invitation{ID: "one more", ExpiresAt: now.Add(day)}, now); CodeOf(err) != CodeConflict || len(p.Invitations) != MaxPendingInvitations {
		t.Fatalf("one more open invitation: %v (%d kept)", err, len(p.Invitations))
	}
	// Once they ran out (and a month passed), there is room again.
	later := now.Add(day + InvitationKeep + time.Hour)
	if err := p.AddInvitation(Invitation{ID: "later", ExpiresAt: later.Add(day)}, later); err != nil || len(p.Invitations) != 1 {
		t.Fatalf("after the old ones ran out: %v (%d kept)", err, len(p.Invitations))
	}
}

func TestCleanIdentifierNames(t *testing.T) {
	got, err := CleanIdentifierNames([]string{" Maria ", "maria", "", "Jo", "MARIA"})
	if err != nil || !slices.Equal(got, []string{"Jo", "Maria"}) {
		t.Fatalf("names: %q, %v", got, err)
	}
	if _, err := CleanIdentifierNames([]string{strings.Repeat("n", 101)}); FieldOf(err) != "names" {
		t.Fatalf("a name too long: %v", err)
	}
	if _, err := CleanIdentifierNames(make([]string, MaxIdentifierNames+1)); FieldOf(err) != "names" {
		t.Fatalf("too many names: %v", err)
	}
	if got, err := CleanIdentifierNames(nil); err != nil || got == nil || len(got) != 0 {
		t.Fatalf("no names: %q, %v (want an empty list, not null)", got, err)
	}
}
