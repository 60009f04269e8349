package httpapi

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/tandemqda/tandem/internal/tandem"
)

// sessionCheckInterval is how long this process trusts what it read of a
// session. An access token names its session (the sid claim) and is
// accepted only while the session is open. A session ended here (signing
// out, a password change or reset, a reused refresh token) stops its
// tokens on this instance at once; one ended by another instance sharing
// MongoDB stops them here within this interval.
const sessionCheckInterval = 10 * time.Second

// liveSessions remembers, for the sessions whose tokens this process has
// seen lately, whether they are still open, so that checking a token's
// session costs a store read once per session and interval, not per request.
type liveSessions struct {
	store tandem.Sessions
	now   func() time.Time

	mu    sync.Mutex
	known map[string]sessionState
	// cuts records, per user, when every session but keep was ended: a
	// state read before that is read again.
	cuts map[string]sessionCut
}

type sessionState struct {
	userID  string
	ended   bool
	expires time.Time
	read    time.Time // when the read of the store began
}

type sessionCut struct {
	at   time.Time
	keep string
}

func newLiveSessions(store tandem.Sessions, now func() time.Time) *liveSessions {
	return &liveSessions{store: store, now: now, known: map[string]sessionState{}, cuts: map[string]sessionCut{}}
}

// errSignedOut is the answer to a token whose session has ended.
func errSignedOut() error {
	return tandem.Errorf(tandem.CodeSessionRevoked, "You were signed out. Please sign in again.")
}

// check returns nil when the session sid of user uid is open, and
// session_revoked when it was ended, has expired or does not exist.
func (l *liveSessions) check(ctx context.Context, sid, uid string) error {
	now := l.now()
	l.mu.Lock()
	st, ok := l.known[sid]
	fresh := ok && (st.ended || now.Sub(st.read) < sessionCheckInterval && !now.Before(st.read) && !l.cutAfter(uid, sid, st.read))
	l.mu.Unlock()
	if !fresh {
		sess, err := l.store.Session(ctx, sid)
		switch {
		case errors.Is(err, tandem.ErrNotFound):
			st = sessionState{ended: true, read: now}
		case err != nil:
			return err
		default:
			st = sessionState{userID: sess.UserID, ended: sess.RevokedAt != nil, expires: sess.ExpiresAt, read: now}
		}
		st = l.remember(sid, st)
	}
	if st.ended || st.userID != uid || !now.Before(st.expires) {
		return errSignedOut()
	}
	return nil
}

// cutAfter reports whether the user's sessions other than sid were ended
// after at. l.mu is held.
func (l *liveSessions) cutAfter(uid, sid string, at time.Time) bool {
	cut, ok := l.cuts[uid]
	return ok && cut.keep != sid && !cut.at.Before(at)
}

// remember keeps a state read from the store, unless the session was ended
// here meanwhile (an ended session never opens again), and returns the
// state to use.
func (l *liveSessions) remember(sid string, st sessionState) sessionState {
	l.mu.Lock()
	defer l.mu.Unlock()
	if old, ok := l.known[sid]; ok && old.ended {
		return old
	}
	if len(l.known) > 100_000 {
		l.sweep()
	}
	l.known[sid] = st
	return st
}

// end notes that this process ended a session: its tokens stop at once.
func (l *liveSessions) end(sid string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.known[sid] = sessionState{ended: true, read: l.now()}
}

// endUser notes that every session of the user except keep was ended: the
// sessions are read again before their tokens are accepted.
func (l *liveSessions) endUser(uid, keep string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cuts[uid] = sessionCut{at: l.now(), keep: keep}
}

// sweep forgets states and cuts older than the interval, which would be read
// again anyway. l.mu is held.
func (l *liveSessions) sweep() {
	now := l.now()
	for k, st := range l.known {
		if now.Sub(st.read) >= sessionCheckInterval {
			delete(l.known, k)
		}
	}
	for k, cut := range l.cuts {
		if now.Sub(cut.at) >= sessionCheckInterval {
			delete(l.cuts, k)
		}
	}
}
