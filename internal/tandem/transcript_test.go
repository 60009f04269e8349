package tandem

import "testing"

func TestTranscriptAccess(t *testing.T) {
	lead := &Member{UserID: "l", Role: RoleLead}
	coder := &Member{UserID: "c", Role: RoleCoder}
	other := &Member{UserID: "o", Role: RoleCoder}
	viewer := &Member{UserID: "v", Role: RoleViewer}
	assigned := &TranscriptInfo{AssignedCoders: []string{"c", "v"}}
	revealed := &TranscriptInfo{AssignedCoders: []string{"c"}, Revealed: true}
	for _, c := range []struct {
		name                   string
		t                      *TranscriptInfo
		m                      *Member
		shared, open           bool
		read, seesAll, mayCode bool
	}{
		{"lead reads, sees and codes all", assigned, lead, false, false, true, true, true},
		{"assigned coder, blind", assigned, coder, false, false, true, false, true},
		{"assigned coder, open coding", assigned, coder, false, true, true, true, true},
		{"assigned coder, revealed", revealed, coder, false, false, true, true, true},
		{"coder not assigned", assigned, other, false, false, false, false, false},
		{"coder not assigned, shared", assigned, other, true, false, true, false, false},
		{"viewer reads, codes nothing even when listed", assigned, viewer, false, false, true, false, false},
		{"viewer sees all when open", assigned, viewer, false, true, true, true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := c.t.CanRead(c.m, c.shared); got != c.read {
				t.Errorf("CanRead = %v, want %v", got, c.read)
			}
			if got := c.t.SeesAllCoding(c.m, c.open); got != c.seesAll {
				t.Errorf("SeesAllCoding = %v, want %v", got, c.seesAll)
			}
			if got := c.t.CanCode(c.m); got != c.mayCode {
				t.Errorf("CanCode = %v, want %v", got, c.mayCode)
			}
		})
	}
}
