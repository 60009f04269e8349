package app

import "github.com/tandemqda/tandem/internal/tandem"

// Stale is the answer to a change based on an old version of something.
// Current is that thing as it is now, so that the person's app can load it
// and keep the pending change; the HTTP layer shows it as the person may
// see it, after the store's update returned (never inside it).
type Stale[T any] struct {
	Current T
	err     *tandem.Error
}

func stale[T any](current T, message string) *Stale[T] {
	return &Stale[T]{Current: current, err: &tandem.Error{Code: tandem.CodeVersionConflict, Message: message}}
}

func (e *Stale[T]) Error() string { return e.err.Error() }

// Unwrap makes a Stale a version_conflict for errors.As and the error
// mapper, also where nobody adds the current state.
func (e *Stale[T]) Unwrap() error { return e.err }

// Message is what the person is told.
func (e *Stale[T]) Message() string { return e.err.Message }

// SetOn is a coding set with its transcript.
type SetOn struct {
	Transcript *tandem.TranscriptInfo
	Set        *tandem.CodingSet
}

// Messages of stale changes.
const (
	staleSet      = "Your coding changed in another tab or device. The latest is loaded; your last change is kept so you can apply it again."
	staleProject  = "Someone else changed this project while you were editing. The latest version is shown; your text is kept so you can apply it again."
	staleCodebook = "Someone else changed the codebook while you were working. The latest codebook is shown; your text is kept so you can apply it again."
)
