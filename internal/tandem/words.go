package tandem

import (
	"fmt"
	"math"
	"time"
)

// WaitWords says a wait the way people say it: "42 seconds", "about 15
// minutes", "about 2 hours". Every message that tells someone how long to
// wait uses it, so that no one reads "897 s".
func WaitWords(d time.Duration) string {
	s := max(1, int(math.Ceil(d.Seconds())))
	switch {
	case s < 60:
		return plural(s, "second")
	case s <= 90*60:
		m := (s + 59) / 60
		if s%60 == 0 {
			return plural(m, "minute")
		}
		return "about " + plural(m, "minute")
	}
	h := int(math.Round(float64(s) / 3600))
	if s%3600 == 0 {
		return plural(h, "hour")
	}
	return "about " + plural(h, "hour")
}

func plural(n int, unit string) string {
	if n == 1 {
		return "1 " + unit
	}
	return fmt.Sprintf("%d %ss", n, unit)
}
