// Command bench is Tandem's load benchmark (`make bench`): it starts the
// built server (bin/tandem) on a fresh embedded store and a free loopback
// port, seeds data through the HTTP API only, drives it with concurrent
// simulated coders, and prints latency percentiles, throughput, errors, lost
// writes and the server's memory, with 1 project in the instance and again
// with 50 projects (20 transcripts each).
//
//	go run ./scripts/bench                 # the full run (a few minutes)
//	go run ./scripts/bench -projects 5 -saves 50 -opens 30 -filler-words 1000   # a quick one
//	go run ./scripts/bench -grow=false -agreement-transcripts 0   # saves and opens at 1 project only
//
// It builds nothing: `make bench` builds bin/tandem first. BENCH_ARGS in
// scripts/bench.sh passes flags. Diagnostics, off by default:
// BENCH_PERF=DIR records the server with `perf record -g` during each
// scenario; BENCH_SYNCS=1 counts the server's fsync and fdatasync calls
// during each save scenario with `perf stat` (how often a save waits for
// the disk).
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"
)

// Targets of issue 5 on the embedded store, 2-core machine.
const (
	targetSaveP99      = 50 * time.Millisecond
	targetSaveRate     = 400.0
	targetOpenP95      = 60 * time.Millisecond
	targetGrowth       = 1.25 // 50 projects vs 1: within 25 %
	targetAgreement    = 3 * time.Second
	targetAgreementMiB = 400.0
	benchPassword      = "a long enough password for the bench"
	benchAdminEmail    = "bench-admin@example.org"
	requestTimeout     = 60 * time.Second
	serverStartLimit   = 60 * time.Second
)

type options struct {
	bin          string
	coders       int
	saves        int
	rate         float64
	duration     time.Duration
	opens        int
	openCoders   int
	openExcerpts int
	projects     int
	transcripts  int
	words        int
	fillerWords  int
	fillerCoded  int
	fillerSaves  int
	seedWorkers  int
	keep         bool
	verbose      bool
	grow         bool

	agrTranscripts int
	agrCoders      int
	agrExcerpts    int
	agrWords       int
}

func main() {
	var o options
	flag.StringVar(&o.bin, "bin", "bin/tandem", "server binary to start (built by `make build`)")
	flag.IntVar(&o.coders, "coders", 20, "concurrent coders saving excerpts (distinct accounts)")
	flag.IntVar(&o.saves, "saves", 250, "excerpts each coder saves in the save scenario (0: as many as -duration allows)")
	flag.DurationVar(&o.duration, "duration", 30*time.Second, "time limit of the save scenario")
	flag.Float64Var(&o.rate, "rate", targetSaveRate, "saves a second offered by all coders together in the paced save scenario (0: skip it)")
	flag.IntVar(&o.opens, "opens", 300, "times the lead opens the transcript with its coding sets")
	flag.IntVar(&o.openCoders, "open-coders", 4, "coders of the opened transcript")
	flag.IntVar(&o.openExcerpts, "open-excerpts", 500, "excerpts of each coder of the opened transcript")
	flag.IntVar(&o.projects, "projects", 50, "projects in the instance for the second run")
	flag.IntVar(&o.transcripts, "transcripts", 20, "transcripts per project")
	flag.IntVar(&o.words, "words", 20000, "words of the measured transcripts")
	flag.IntVar(&o.fillerWords, "filler-words", 5000, "words of every other transcript")
	flag.IntVar(&o.fillerCoded, "filler-coded", 3, "transcripts per filler project coded by 2 coders each")
	flag.IntVar(&o.fillerSaves, "filler-saves", 20, "excerpts per coding set on filler transcripts")
	flag.IntVar(&o.seedWorkers, "seed-workers", 8, "filler projects seeded at once")
	flag.BoolVar(&o.keep, "keep", false, "keep the data directory and the server log")
	flag.IntVar(&o.agrTranscripts, "agreement-transcripts", 100, "transcripts of the agreement project (0: skip the agreement scenario)")
	flag.IntVar(&o.agrCoders, "agreement-coders", 8, "coders of every transcript of the agreement project (half peer, half academic)")
	flag.IntVar(&o.agrExcerpts, "agreement-excerpts", 125, "excerpts of every coder on every transcript of the agreement project")
	flag.IntVar(&o.agrWords, "agreement-words", 3000, "words of every transcript of the agreement project")
	flag.BoolVar(&o.verbose, "v", false, "log each seeding step")
	flag.BoolVar(&o.grow, "grow", true, "after the 1-project scenarios, grow the instance to -projects and measure again (false: stop after 1 project, a quick check of saves)")
	flag.Parse()
	if o.coders < 1 || o.openCoders < 1 || o.openCoders > o.coders || o.projects < 2 || o.transcripts < 2 || o.opens < 1 {
		fmt.Fprintln(os.Stderr, "bench: want -coders >= -open-coders >= 1, -projects >= 2, -transcripts >= 2, -opens >= 1")
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, o); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

type memo struct {
	phase    string
	rss, hwm float64
}

func run(ctx context.Context, o options) error {
	began := time.Now()
	fmt.Printf("Tandem load benchmark: %s on the embedded store, %d CPUs\n", o.bin, numCPU())
	srv, err := startServer(ctx, o.bin)
	if srv != nil {
		defer srv.stop(o.keep)
	}
	if err != nil {
		return err
	}
	fmt.Printf("server pid %d at %s (data and log in %s)\n", srv.cmd.Process.Pid, srv.base, srv.dir)
	c := newClient(srv.base)
	in := &instance{o: o, c: c, logf: func(f string, a ...any) {
		if o.verbose {
			fmt.Printf("  [%6.1fs] %s\n", time.Since(began).Seconds(), fmt.Sprintf(f, a...))
		}
	}}
	if in.lead, err = c.login(benchAdminEmail); err != nil {
		return fmt.Errorf("sign in as the admin: %w", err)
	}
	for i := 0; i < o.coders; i++ {
		in.coders = append(in.coders, &user{email: fmt.Sprintf("coder%02d@bench.example.org", i+1)})
	}
	for i := 0; i < 24; i++ {
		in.pool = append(in.pool, &user{email: fmt.Sprintf("filler%02d@bench.example.org", i+1)})
	}
	var mem []memo
	note := func(phase string) {
		rss, hwm := srv.memory()
		mem = append(mem, memo{phase, rss, hwm})
	}
	check := func() error {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-srv.done:
			srv.done <- err
			return fmt.Errorf("the server exited: %v; log:\n%s", err, tail(srv.log, 30))
		default:
			return nil
		}
	}
	note("started")
	var results []*result
	phase := func(m *measured, projects int) error {
		rates := []float64{0}
		if o.rate > 0 {
			rates = append(rates, o.rate)
		}
		for _, rate := range rates {
			what := "as fast as they can"
			if rate > 0 {
				what = fmt.Sprintf("paced at %.0f saves/s in all", rate)
			}
			fmt.Printf("== %d project(s): save scenario (%d coders x %s, %s)\n", projects, o.coders, savesWords(o), what)
			stopProfile := srv.profile(fmt.Sprintf("save-%d-%.0f", projects, rate))
			stopCount := srv.countSyncs()
			c0 := srv.cpu()
			r := in.saveScenario(m, projects, rate)
			r.cpu = srv.cpu().since(c0)
			r.syncs = stopCount()
			stopProfile()
			results = append(results, r)
			note(fmt.Sprintf("%d project(s): after save", projects))
			if err := check(); err != nil {
				return err
			}
		}
		fmt.Printf("== %d project(s): open scenario (%d opens)\n", projects, o.opens)
		stopProfile := srv.profile(fmt.Sprintf("open-%d", projects))
		c0 := srv.cpu()
		r2, err := in.openScenario(m, projects)
		stopProfile()
		if r2 != nil {
			r2.cpu = srv.cpu().since(c0)
		}
		if err != nil {
			return err
		}
		results = append(results, r2)
		note(fmt.Sprintf("%d project(s): after open", projects))
		return check()
	}

	fmt.Println("== seeding the measured project (1 project in the instance)")
	t0 := time.Now()
	m1, err := in.measuredProject("Measured project A")
	if err != nil {
		return err
	}
	fmt.Printf("   seeded in %s\n", time.Since(t0).Round(time.Millisecond))
	note("1 project: seeded")
	if err := phase(m1, 1); err != nil {
		return err
	}

	if !o.grow {
		report(o, results, mem)
		fmt.Printf("\nwhole run %s\n", time.Since(began).Round(time.Second))
		return nil
	}
	fmt.Printf("== growing the instance to %d projects x %d transcripts\n", o.projects, o.transcripts)
	t0 = time.Now()
	if err := in.fillers(1, o.projects-1); err != nil {
		return err
	}
	// The second measured project has the same shape as the first, so only
	// the instance differs.
	m2, err := in.measuredProject("Measured project B")
	if err != nil {
		return err
	}
	fmt.Printf("   grown in %s\n", time.Since(t0).Round(time.Millisecond))
	note(fmt.Sprintf("%d projects: seeded", o.projects))
	if err := check(); err != nil {
		return err
	}
	if err := phase(m2, o.projects); err != nil {
		return err
	}
	if o.agrTranscripts > 0 {
		fmt.Printf("== agreement report: %d transcripts x %d coders x 40 themes\n", o.agrTranscripts, o.agrCoders)
		c0 := srv.cpu()
		r, err := in.agreementScenario()
		if err != nil {
			return err
		}
		r.cpu = srv.cpu().since(c0)
		results = append(results, r)
		note("after the agreement report")
		if err := check(); err != nil {
			return err
		}
	}
	report(o, results, mem)
	fmt.Printf("\nwhole run %s\n", time.Since(began).Round(time.Second))
	return nil
}
