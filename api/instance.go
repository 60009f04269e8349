package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// instanceMarker is the file, in the data directory, that says an instance
// keeps its embedded store there. It is written the first time the store
// opens, and read at every start.
const instanceMarker = "instance"

// checkStoreExists refuses to start a new, empty embedded store where an
// instance already was: when the store file dbFile is missing while the
// data directory shows an instance existed (the marker, or the JWT secret
// that the first start writes). Starting would hand out a fresh setup link
// (or re-create the admin from the environment) over a lost store, with no
// word about what happened.
func checkStoreExists(dataDir, dbFile string) error {
	_, err := os.Stat(dbFile)
	if err == nil {
		return nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("look for the store %s: %w", dbFile, err)
	}
	var found []string
	for _, name := range []string{instanceMarker, "jwt-secret"} {
		p := filepath.Join(dataDir, name)
		if _, err := os.Stat(p); err == nil {
			found = append(found, p)
		}
	}
	if len(found) == 0 {
		return nil
	}
	return fmt.Errorf("the store file %s is missing, but the data directory %s held an instance (%s is there). "+
		"Tandem does not start a new, empty store in its place: restore %s from a backup, or point -data-dir (TANDEM_DATA_DIR) at the right directory. "+
		"To start a new, empty instance here instead, move %s away first",
		dbFile, dataDir, found[0], filepath.Dir(dbFile), strings.Join(found, " and "))
}

// markInstance writes the instance marker into the data directory, once.
func markInstance(dataDir string) error {
	p := filepath.Join(dataDir, instanceMarker)
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("write the instance marker %s: %w", p, err)
	}
	_, err = f.WriteString("This data directory holds a Tandem instance; its store is in db/.\n" +
		"Tandem refuses to start while this file is here and the store is missing.\n")
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write the instance marker %s: %w", p, err)
	}
	return nil
}
