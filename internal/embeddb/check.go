package embeddb

import (
	"bufio"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// closedFile, in the engine's directory, records the size and modification
// time of every database file when an engine stopped after closing them.
// Start removes it: a process that is killed leaves none behind.
const closedFile = "closed-cleanly"

// staleSockets returns the sockets in dir that no engine listens on: those
// of engines stopped without closing (killed, or the machine lost power).
func staleSockets(dir string) ([]string, error) {
	socks, err := filepath.Glob(filepath.Join(dir, "*.sock"))
	if err != nil {
		return nil, fmt.Errorf("look for sockets in %s: %w", dir, err)
	}
	var stale []string
	for _, s := range socks {
		c, err := net.DialTimeout("unix", s, time.Second)
		switch {
		case err == nil:
			c.Close() // another Tandem process runs on these files
		case errors.Is(err, syscall.ECONNREFUSED):
			stale = append(stale, s) // nothing listens: the process is gone
		}
	}
	return stale, nil
}

// fileState is what closedFile records of a database file.
type fileState struct {
	size  int64
	mtime int64 // nanoseconds since 1970
}

func stateOf(fi os.FileInfo) fileState {
	return fileState{size: fi.Size(), mtime: fi.ModTime().UnixNano()}
}

// needsCheck reports whether a database file is read through at start: not
// when the engine that used it last closed it and the file is as it left
// it. A file changed since (copied back from a backup, written to by a
// tool, damaged by one), or left open by an engine that was killed, is.
func needsCheck(now fileState, closed map[string]fileState, name string, crashed bool) bool {
	was, ok := closed[name]
	return crashed || !ok || was != now
}

// checkFiles refuses database files that would start with data lost or
// damaged. stale lists the sockets of engines that stopped without closing
// their files: their last commits may live only in a write-ahead log
// (name.sqlite-wal), which SQLite removes at a clean close. Without that log
// the database would start without them, silently. closed is what the last
// engine recorded when it closed the files.
func checkFiles(dir string, stale []string, closed map[string]fileState) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.sqlite"))
	if err != nil {
		return fmt.Errorf("list the embedded store's files in %s: %w", dir, err)
	}
	for _, f := range files {
		if len(stale) > 0 {
			if _, err := os.Stat(f + "-wal"); errors.Is(err, os.ErrNotExist) {
				return fmt.Errorf("the embedded store was not closed when Tandem last stopped (it was killed, or the machine lost power), and the store's write-ahead log %s-wal is missing: the changes saved last, which only that file holds, would be lost. "+
					"Put the file back if it was moved. To start anyway with only what %s holds, delete %s", f, f, strings.Join(stale, " and "))
			}
		}
		fi, err := os.Stat(f)
		if err != nil {
			return fmt.Errorf("check the embedded store's file %s: %w", f, err)
		}
		if !needsCheck(stateOf(fi), closed, filepath.Base(f), len(stale) > 0) {
			continue
		}
		if err := quickCheck(f); err != nil {
			return err
		}
	}
	return nil
}

// quickCheck runs SQLite's quick_check on a database file: it reads every
// page and checks the structure, so that damage is found at start, not by
// the requests that would meet it.
func quickCheck(file string) error {
	db, err := sql.Open("sqlite", "file:"+filepath.ToSlash(file)+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return fmt.Errorf("open %s to check it: %w", file, err)
	}
	defer db.Close()
	rows, err := db.Query("PRAGMA quick_check(5)")
	if err != nil {
		return damaged(file, err.Error())
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return damaged(file, err.Error())
		}
		if line != "ok" {
			problems = append(problems, strings.Join(strings.Fields(line), " "))
		}
	}
	if err := rows.Err(); err != nil {
		return damaged(file, err.Error())
	}
	if len(problems) > 0 {
		return damaged(file, strings.Join(problems, "; "))
	}
	return nil
}

func damaged(file, why string) error {
	return fmt.Errorf("the embedded store's file %s is damaged (%s). Tandem does not start on a damaged store, so that no more is lost: keep a copy of the data directory as it is, and restore the store from a backup", file, why)
}

// takeClosed reads and removes the record of the last clean close; none
// (or an unreadable one) is an empty record, and every file is checked.
func takeClosed(dir string) (map[string]fileState, error) {
	path := filepath.Join(dir, closedFile)
	closed := map[string]fileState{}
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return closed, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// name size mtime
		fields := strings.Fields(sc.Text())
		if len(fields) != 3 {
			continue
		}
		size, err1 := strconv.ParseInt(fields[1], 10, 64)
		mtime, err2 := strconv.ParseInt(fields[2], 10, 64)
		if err1 == nil && err2 == nil {
			closed[fields[0]] = fileState{size: size, mtime: mtime}
		}
	}
	f.Close()
	if err := os.Remove(path); err != nil {
		return nil, fmt.Errorf("remove %s: %w", path, err)
	}
	return closed, nil
}

// recordClosed writes closedFile after the engine closed its files. A file
// changed later must show a later modification time than the one recorded,
// and file times move in steps of a few milliseconds: the record is written
// only once the clock has passed the files' times, so that a change in the
// same step cannot pass for none.
func recordClosed(dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.sqlite"))
	if err != nil {
		return err
	}
	var b strings.Builder
	var latest time.Time
	for _, f := range files {
		fi, err := os.Stat(f)
		if err != nil {
			return err
		}
		st := stateOf(fi)
		fmt.Fprintf(&b, "%s %d %d\n", filepath.Base(f), st.size, st.mtime)
		if fi.ModTime().After(latest) {
			latest = fi.ModTime()
		}
	}
	path := filepath.Join(dir, closedFile)
	tmp := path + ".tmp"
	for range 100 {
		if err := os.WriteFile(tmp, []byte(b.String()), 0o600); err != nil {
			return err
		}
		fi, err := os.Stat(tmp)
		if err != nil {
			return err
		}
		if fi.ModTime().After(latest) {
			return os.Rename(tmp, path)
		}
		time.Sleep(2 * time.Millisecond)
	}
	return os.Remove(tmp) // the clock did not move: check every file next time
}
