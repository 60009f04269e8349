package tandem

import (
	"testing"
	"time"
)

func TestWaitWords(t *testing.T) {
	for _, tc := range []struct {
		wait time.Duration
		want string
	}{
		{0, "1 second"},
		{300 * time.Millisecond, "1 second"},
		{time.Second, "1 second"},
		{42 * time.Second, "42 seconds"},
		{59*time.Second + time.Millisecond, "1 minute"},
		{time.Minute, "1 minute"},
		{61 * time.Second, "about 2 minutes"},
		{897 * time.Second, "about 15 minutes"},
		{899*time.Second + 500*time.Millisecond, "15 minutes"},
		{15 * time.Minute, "15 minutes"},
		{90 * time.Minute, "90 minutes"},
		{91 * time.Minute, "about 2 hours"},
		{2 * time.Hour, "2 hours"},
		{24*time.Hour - time.Minute, "about 24 hours"},
	} {
		if got := WaitWords(tc.wait); got != tc.want {
			t.Errorf("WaitWords(%v) = %q, want %q", tc.wait, got, tc.want)
		}
	}
}
