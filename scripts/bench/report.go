// Results of the scenarios and the table that reports them.

package main

import (
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"
)

type result struct {
	scenario  string
	projects  int
	lat       []time.Duration
	elapsed   time.Duration
	errors    int64
	conflicts int64
	lost      int
	note      string
	cpu       cpuUse
	syncs     int // fsync and fdatasync calls of the server (-1: not counted)
}

func (r *result) pct(p float64) time.Duration {
	if len(r.lat) == 0 {
		return 0
	}
	s := slices.Clone(r.lat)
	slices.Sort(s)
	i := int(math.Ceil(p/100*float64(len(s)))) - 1
	return s[max(0, min(i, len(s)-1))]
}

func (r *result) rate() float64 {
	if r.elapsed <= 0 {
		return 0
	}
	return float64(len(r.lat)) / r.elapsed.Seconds()
}

func numCPU() int {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return 0
	}
	return strings.Count(string(b), "\nprocessor") + btoi(strings.HasPrefix(string(b), "processor"))
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 1, 64)
}

func report(o options, results []*result, mem []memo) {
	fmt.Println()
	fmt.Printf("%-24s %9s %6s %8s %8s %8s %8s %8s %7s %9s %5s\n",
		"scenario", "projects", "n", "p50 ms", "p95 ms", "p99 ms", "max ms", "/s", "errors", "conflicts", "lost")
	for _, r := range results {
		fmt.Printf("%-24s %9d %6d %8s %8s %8s %8s %8.0f %7d %9d %5d\n",
			r.scenario, r.projects, len(r.lat), ms(r.pct(50)), ms(r.pct(95)), ms(r.pct(99)), ms(r.pct(100)),
			r.rate(), r.errors, r.conflicts, r.lost)
	}
	for _, r := range results {
		if r.note != "" {
			fmt.Printf("  %s, %d projects: %s\n", r.scenario, r.projects, r.note)
		}
	}

	fmt.Println("\nCPU during each scenario (cores busy on average; server CPU per acknowledged request)")
	fmt.Printf("%-24s %9s %8s %8s %8s %13s\n", "scenario", "projects", "server", "bench", "others", "server ms/op")
	for _, r := range results {
		w := max(r.cpu.wall, time.Millisecond).Seconds()
		perOp := 0.0
		if len(r.lat) > 0 {
			perOp = float64(r.cpu.server) / float64(time.Millisecond) / float64(len(r.lat))
		}
		fmt.Printf("%-24s %9d %8.2f %8.2f %8.2f %13.2f\n", r.scenario, r.projects, r.cpu.server.Seconds()/w, r.cpu.self.Seconds()/w, r.cpu.others(), perOp)
	}
	fmt.Println("  (others > 0.2 cores: other processes shared the CPUs; figures are noisy, rerun on an idle machine)")

	for _, r := range results {
		if r.syncs >= 0 && len(r.lat) > 0 {
			fmt.Printf("  %s, %d project(s): %d disk syncs (fsync, fdatasync) for %d saves: %.2f a save\n", r.scenario, r.projects, r.syncs, len(r.lat), float64(r.syncs)/float64(len(r.lat)))
		}
	}

	fmt.Println("\nserver memory (MiB)")
	fmt.Printf("%-28s %8s %8s\n", "after", "VmRSS", "VmHWM")
	for _, m := range mem {
		fmt.Printf("%-28s %8.0f %8.0f\n", m.phase, m.rss, m.hwm)
	}

	fmt.Println("\ntargets (embedded store, 2 cores)")
	ok := func(b bool) string {
		if b {
			return "met"
		}
		return "MISSED"
	}
	find := func(scenario string, projects int) *result {
		for _, r := range results {
			if r.scenario == scenario && r.projects == projects {
				return r
			}
		}
		return nil
	}
	if a := find("agreement report", 0); a != nil && len(a.lat) > 0 {
		hwm := 0.0
		for _, m := range mem {
			hwm = max(hwm, m.hwm)
		}
		fmt.Printf("  agreement report: slowest of %d %s ms <= %s ms: %s; server peak memory %.0f MiB <= %.0f MiB: %s\n",
			len(a.lat), ms(a.pct(100)), ms(targetAgreement), ok(a.pct(100) <= targetAgreement), hwm, targetAgreementMiB, ok(hwm <= targetAgreementMiB))
	}
	paced := fmt.Sprintf(scenarioPaced, o.rate)
	for _, p := range []int{1, o.projects} {
		s, sp, op := find(scenarioMax, p), find(paced, p), find("open transcript+codings", p)
		if s == nil || op == nil {
			continue
		}
		if sp == nil {
			sp = s
		}
		fmt.Printf("  %2d project(s): save p99 at %s %s ms <= %s ms: %s; most saves/s %0.f >= %.0f: %s; errors %d == 0: %s; lost %d == 0: %s; open p95 %s ms <= %s ms: %s\n",
			p, sp.scenario, ms(sp.pct(99)), ms(targetSaveP99), ok(sp.pct(99) <= targetSaveP99),
			s.rate(), targetSaveRate, ok(s.rate() >= targetSaveRate),
			s.errors+sp.errors+op.errors, ok(s.errors+sp.errors+op.errors == 0), s.lost+sp.lost, ok(s.lost+sp.lost == 0),
			ms(op.pct(95)), ms(targetOpenP95), ok(op.pct(95) <= targetOpenP95))
	}
	s1, s50 := find(paced, 1), find(paced, o.projects)
	if s1 == nil || s50 == nil {
		s1, s50 = find(scenarioMax, 1), find(scenarioMax, o.projects)
	}
	m1, m50 := find(scenarioMax, 1), find(scenarioMax, o.projects)
	o1, o50 := find("open transcript+codings", 1), find("open transcript+codings", o.projects)
	if s1 == nil || s50 == nil || o1 == nil || o50 == nil || m1 == nil || m50 == nil {
		return
	}
	fmt.Printf("\n%d projects / 1 project (target: within 25%%, i.e. %.2f..%.2f)\n", o.projects, 1/targetGrowth, targetGrowth)
	within := func(x float64) string { return ok(x <= targetGrowth && x >= 1/targetGrowth) }
	ratio := func(a, b time.Duration) float64 { return float64(b) / float64(max(a, time.Microsecond)) }
	rows := []struct {
		name string
		x    float64
	}{
		{"save p95", ratio(s1.pct(95), s50.pct(95))},
		{"save p99", ratio(s1.pct(99), s50.pct(99))},
		{"save throughput", m50.rate() / math.Max(m1.rate(), 1e-9)},
		{"open p95", ratio(o1.pct(95), o50.pct(95))},
		{"open p99", ratio(o1.pct(99), o50.pct(99))},
	}
	for _, row := range rows {
		fmt.Printf("  %-16s %5.2f  %s\n", row.name, row.x, within(row.x))
	}
}
