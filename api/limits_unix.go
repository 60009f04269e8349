//go:build unix

package main

import "syscall"

// openFileLimit returns the process's limit of open files (RLIMIT_NOFILE),
// or 0 when it cannot be read. Go has already raised the soft limit to the
// hard one at start (package os does it on every Unix since Go 1.19), so
// this is the most the process can have.
func openFileLimit() uint64 {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &r); err != nil {
		return 0
	}
	return r.Cur
}
