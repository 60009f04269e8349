package tandem

import "context"

// Store is everything Tandem keeps. Implementations translate their own
// errors to ErrNotFound, ErrConflict and ErrUnavailable.
type Store interface {
	Users
	Sessions
	Projects
	Audit
	Transcripts
	Codebooks
	Codings
	Exemplars
	Decisions
	// Ping checks that the store answers.
	Ping(ctx context.Context) error
	// Ready checks that the store answers and can read what it holds; it
	// gives ErrUnavailable when not.
	Ready(ctx context.Context) error
	// Close releases the store.
	Close(ctx context.Context) error
	// Batch runs fn and returns once the writes fn made with the context
	// it was given are durable, waiting for the disk once for all of them
	// rather than once per write. The writes stay separate, each atomic,
	// and a crash never keeps a later one without an earlier one.
	Batch(ctx context.Context, fn func(context.Context) error) error
}

// Users keeps accounts.
type Users interface {
	CountUsers(ctx context.Context) (int64, error)
	// CreateUser inserts a user; an email already taken (compared by
	// EmailKey) gives ErrConflict.
	CreateUser(ctx context.Context, u *User) error
	User(ctx context.Context, id string) (*User, error)
	UserByEmail(ctx context.Context, email string) (*User, error)
	ListUsers(ctx context.Context) ([]User, error)
	// UpdateUser loads the user, applies fn and saves the result atomically.
	UpdateUser(ctx context.Context, id string, fn func(*User) error) (*User, error)
	// DeleteUser removes an account that was never used: one made for an
	// invitation that someone else used first. Removing it again changes
	// nothing.
	DeleteUser(ctx context.Context, id string) error
	// AddUserProject records that the user joined a project (idempotent).
	AddUserProject(ctx context.Context, userID, projectID string) error
	// PutSetupToken replaces the one-time setup token's hash.
	PutSetupToken(ctx context.Context, hash string) error
	// TakeSetupToken consumes the setup token if its hash matches; it reports
	// whether it did. Only one caller can take a token.
	TakeSetupToken(ctx context.Context, hash string) (bool, error)
	// PutPasswordReset stores an account's reset link, replacing any earlier one.
	PutPasswordReset(ctx context.Context, r *PasswordReset) error
	// PasswordReset returns an account's reset link, or ErrNotFound.
	PasswordReset(ctx context.Context, userID string) (*PasswordReset, error)
	// TakePasswordReset removes an account's reset link if its token hash is
	// hash, and reports whether it did. Only one caller can take a link.
	TakePasswordReset(ctx context.Context, userID, hash string) (bool, error)
}

// Sessions keeps refresh token families.
type Sessions interface {
	CreateSession(ctx context.Context, s *Session) error
	Session(ctx context.Context, id string) (*Session, error)
	// UpdateSession loads the session, applies fn and saves the result atomically.
	UpdateSession(ctx context.Context, id string, fn func(*Session) error) (*Session, error)
	// RevokeUserSessions ends every session of a user except keep.
	RevokeUserSessions(ctx context.Context, userID, keep, why string) error
}

// Projects keeps projects with their members and invitations.
type Projects interface {
	CreateProject(ctx context.Context, p *Project) error
	Project(ctx context.Context, id string) (*Project, error)
	// UpdateProject loads the project, applies fn, increments the version and
	// saves the result atomically; fn may be called again if another write
	// came first.
	UpdateProject(ctx context.Context, id string, fn func(*Project) error) (*Project, error)
	// DeletedProjects returns the projects marked deleted (Project.DeletedAt)
	// whose documents are still there.
	DeletedProjects(ctx context.Context) ([]Project, error)
	// PurgeProject removes everything the store holds of a project marked
	// deleted, in every collection (transcripts, coding sets, the codebook and
	// its versions, exemplars, the audit log, the members' index of their projects),
	// except the marked project document itself. It is safe to repeat, and
	// refuses a project that is not marked deleted.
	PurgeProject(ctx context.Context, id string) error
	// RemoveProject removes the document of a project marked deleted, after
	// PurgeProject; removing it again changes nothing.
	RemoveProject(ctx context.Context, id string) error
}

// Audit keeps each project's append-only audit log.
type Audit interface {
	// AppendAudit gives e the project's next sequence number and stores it.
	AppendAudit(ctx context.Context, e *AuditEntry) error
	// AuditPage returns up to limit entries with seq below before (0: the
	// newest), newest first.
	AuditPage(ctx context.Context, projectID string, before int64, limit int) ([]AuditEntry, error)
}

// Transcripts keeps transcripts: each project's index of metadata, and each
// transcript's text and turns.
type Transcripts interface {
	// TranscriptIndex returns a project's index (empty when it has none).
	TranscriptIndex(ctx context.Context, projectID string) (*TranscriptIndex, error)
	// UpdateTranscriptIndex applies fn to the project's index atomically,
	// creating the index if needed.
	UpdateTranscriptIndex(ctx context.Context, projectID string, fn func(*TranscriptIndex) error) (*TranscriptIndex, error)
	// PutTranscriptText inserts a transcript's text.
	PutTranscriptText(ctx context.Context, t *TranscriptText) error
	TranscriptText(ctx context.Context, id string) (*TranscriptText, error)
	// UpdateTranscriptText applies fn to a transcript's text atomically.
	UpdateTranscriptText(ctx context.Context, id string, fn func(*TranscriptText) error) (*TranscriptText, error)
	DeleteTranscriptText(ctx context.Context, id string) error
}

// Codebooks keeps each project's codebook and its versions.
type Codebooks interface {
	// Codebook returns the project's codebook (empty when it has none).
	Codebook(ctx context.Context, projectID string) (*Codebook, error)
	// UpdateCodebook applies fn to the project's codebook atomically,
	// creating it if needed.
	UpdateCodebook(ctx context.Context, projectID string, fn func(*Codebook) error) (*Codebook, error)
	// PutCodebookVersion stores one version; storing it again changes nothing.
	PutCodebookVersion(ctx context.Context, v *CodebookVersion) error
	// CodebookVersion returns one version with its whole tree.
	CodebookVersion(ctx context.Context, projectID string, version int64) (*CodebookVersion, error)
	// CodebookVersions returns up to limit versions below before (0: the
	// newest), newest first, without their trees.
	CodebookVersions(ctx context.Context, projectID string, before int64, limit int) ([]CodebookVersion, error)
}

// Codings keeps coding sets, one document per coder and transcript.
type Codings interface {
	// CodingSet returns a coder's set on a transcript of the project, or
	// ErrNotFound when the coder has not coded it.
	CodingSet(ctx context.Context, projectID, transcriptID, coderID string) (*CodingSet, error)
	// UpdateCodingSet applies fn to the set atomically, creating it (in
	// progress, version 0) when there is none; the version goes up by one.
	UpdateCodingSet(ctx context.Context, projectID, transcriptID, coderID string, fn func(*CodingSet) error) (*CodingSet, error)
	// DeleteCodingSet deletes a set (idempotent).
	DeleteCodingSet(ctx context.Context, transcriptID, coderID string) error
}

// Decisions keeps the decisions log of reconciliation: one small document
// per decision, never changed once written.
type Decisions interface {
	// InsertDecision stores a decision; a decision with the same id (the
	// same revision of the same item) gives ErrConflict.
	InsertDecision(ctx context.Context, d *Decision) error
	// Decision returns one decision, or ErrNotFound.
	Decision(ctx context.Context, id string) (*Decision, error)
	// Decisions returns a project's decisions (of one transcript, when
	// transcriptID is not empty), oldest first.
	Decisions(ctx context.Context, projectID, transcriptID string) ([]Decision, error)
	// DeleteDecisions removes a transcript's decisions (idempotent).
	DeleteDecisions(ctx context.Context, projectID, transcriptID string) error
}
