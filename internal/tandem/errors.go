// Package tandem holds Tandem's domain: types, invariants, error codes and the
// store interfaces. It depends on nothing else of Tandem's.
package tandem

import (
	"errors"
	"fmt"
	"net/http"
)

// Code is a stable, machine-readable error code. Clients use it to decide
// what to do. Every code is declared here, once, with its Kind in codeKinds;
// a test fails on a code used anywhere that is not.
type Code string

// Kind is the class of failure a code reports. Each kind has one HTTP
// status (Status), so that the HTTP layer needs no table of its own.
type Kind int

// Kinds of failure.
const (
	KindInternal        Kind = iota // a fault of the server: 500
	KindInvalid                     // the request is wrong: 400
	KindUnauthenticated             // not signed in, or no longer: 401
	KindForbidden                   // signed in, but not allowed: 403
	KindNotFound                    // absent, or hidden from the caller: 404
	KindConflict                    // the state does not allow it now: 409
	KindGone                        // a link that was used up or ran out: 410
	KindTooLarge                    // a body or file too large: 413
	KindUnsupportedType             // a body or file of a kind not read: 415
	KindRefused                     // read, but its content refused: 422
	KindRateLimited                 // too many at once: 429
	KindUnavailable                 // try again in a moment: 503
	KindStorageFull                 // the store's disk is full: 507
)

// Status returns the HTTP status of the kind.
func (k Kind) Status() int {
	switch k {
	case KindInvalid:
		return http.StatusBadRequest
	case KindUnauthenticated:
		return http.StatusUnauthorized
	case KindForbidden:
		return http.StatusForbidden
	case KindNotFound:
		return http.StatusNotFound
	case KindConflict:
		return http.StatusConflict
	case KindGone:
		return http.StatusGone
	case KindTooLarge:
		return http.StatusRequestEntityTooLarge
	case KindUnsupportedType:
		return http.StatusUnsupportedMediaType
	case KindRefused:
		return http.StatusUnprocessableEntity
	case KindRateLimited:
		return http.StatusTooManyRequests
	case KindUnavailable:
		return http.StatusServiceUnavailable
	case KindStorageFull:
		return http.StatusInsufficientStorage
	}
	return http.StatusInternalServerError
}

// Error codes.
const (
	CodeInvalidInput       Code = "invalid_input"
	CodeInvalidJSON        Code = "invalid_json"
	CodeWeakPassword       Code = "weak_password"
	CodeEmailTaken         Code = "email_taken"
	CodeUnauthenticated    Code = "unauthenticated"
	CodeInvalidCredentials Code = "invalid_credentials"
	CodeTokenExpired       Code = "token_expired"
	CodeSessionRevoked     Code = "session_revoked"
	CodeAccountDisabled    Code = "account_disabled"
	CodeForbidden          Code = "forbidden"
	CodeNotFound           Code = "not_found"
	CodeConflict           Code = "conflict"
	CodeVersionConflict    Code = "version_conflict"
	CodeLastLead           Code = "last_lead"
	CodeAlreadyMember      Code = "already_member"
	CodeSetupDone          Code = "setup_done"
	CodeInvalidSetupToken  Code = "invalid_setup_token"
	CodeInvitationExpired  Code = "invitation_expired"
	CodeInvitationUsed     Code = "invitation_used"
	CodeInvitationRevoked  Code = "invitation_revoked"
	CodeResetExpired       Code = "reset_expired"
	CodeRateLimited        Code = "rate_limited"
	CodePayloadTooLarge    Code = "payload_too_large"
	CodeStoreUnavailable   Code = "store_unavailable"
	CodeStorageFull        Code = "storage_full"
	CodeInternal           Code = "internal"

	// CodeUnsupportedMediaType refuses a body that is not the kind the
	// route reads (JSON, or a multipart form for uploads).
	CodeUnsupportedMediaType Code = "unsupported_media_type"
	// CodeCrossOrigin refuses a change sent by a page of another website.
	CodeCrossOrigin Code = "cross_origin"
	// CodeServerBusy says the server has too many passwords to check at
	// once; the client tries again in a moment.
	CodeServerBusy Code = "server_busy"

	// Coding.
	CodeCodingSubmitted Code = "coding_submitted"
	CodeCodingRevealed  Code = "coding_revealed"
	CodeThemeNotUsable  Code = "theme_not_usable"
	// CodeTranscriptBusy: a lead is removing names from the transcript
	// right now; the change can be sent again in a moment.
	CodeTranscriptBusy Code = "transcript_busy"
	// CodeTextChanged: the text moved (names were removed) since the
	// positions sent were taken, too long ago to move them: reload.
	CodeTextChanged Code = "text_changed"

	// Reconciliation.
	// CodeCodingFrozen: the transcript is being reconciled, so coders'
	// sets no longer change.
	CodeCodingFrozen Code = "coding_frozen"
	// CodeTranscriptLocked: the transcript is locked; nothing of its
	// coding changes until a lead unlocks it.
	CodeTranscriptLocked Code = "transcript_locked"
	// CodePhaseNotAllowed: a phase move, or an action, the transcript's
	// phase does not allow.
	CodePhaseNotAllowed Code = "phase_not_allowed"
	// CodeUnresolvedItems: locking with disagreements left needs an
	// explicit confirmation (details: unresolved).
	CodeUnresolvedItems Code = "unresolved_items"

	// Codebook.
	CodeWrongLevel    Code = "wrong_level"
	CodeCycle         Code = "cycle"
	CodeDuplicateName Code = "duplicate_name"
	CodeNotEmpty      Code = "codebook_not_empty"
	// CodeProposedParent: the parent is still a proposal.
	CodeProposedParent Code = "proposed_parent"
	// CodeImportRefused is the error of an import that has refused rows.
	CodeImportRefused Code = "import_refused"

	// Findings: a theme has one codebook example among its exemplars.
	CodeExampleTaken Code = "example_taken"

	// Uploaded files that cannot be read (package transcript).
	CodeUnsupportedFormat Code = "unsupported_format"
	CodeInvalidFile       Code = "invalid_file"
	CodeEmptyFile         Code = "empty_file"
	CodeFileTooLarge      Code = "file_too_large"
)

// codeKinds is the registry: every code with its kind.
var codeKinds = map[Code]Kind{
	CodeInvalidInput:         KindInvalid,
	CodeInvalidJSON:          KindInvalid,
	CodeWeakPassword:         KindInvalid,
	CodeEmailTaken:           KindConflict,
	CodeUnauthenticated:      KindUnauthenticated,
	CodeInvalidCredentials:   KindUnauthenticated,
	CodeTokenExpired:         KindUnauthenticated,
	CodeSessionRevoked:       KindUnauthenticated,
	CodeAccountDisabled:      KindForbidden,
	CodeForbidden:            KindForbidden,
	CodeNotFound:             KindNotFound,
	CodeConflict:             KindConflict,
	CodeVersionConflict:      KindConflict,
	CodeLastLead:             KindConflict,
	CodeAlreadyMember:        KindConflict,
	CodeSetupDone:            KindConflict,
	CodeInvalidSetupToken:    KindForbidden,
	CodeInvitationExpired:    KindGone,
	CodeInvitationUsed:       KindGone,
	CodeInvitationRevoked:    KindGone,
	CodeResetExpired:         KindGone,
	CodeRateLimited:          KindRateLimited,
	CodePayloadTooLarge:      KindTooLarge,
	CodeStoreUnavailable:     KindUnavailable,
	CodeStorageFull:          KindStorageFull,
	CodeInternal:             KindInternal,
	CodeUnsupportedMediaType: KindUnsupportedType,
	CodeCrossOrigin:          KindForbidden,
	CodeServerBusy:           KindUnavailable,

	CodeCodingSubmitted: KindConflict,
	CodeCodingRevealed:  KindForbidden,
	CodeThemeNotUsable:  KindInvalid,
	CodeTranscriptBusy:  KindUnavailable,
	CodeTextChanged:     KindConflict,

	CodeCodingFrozen:     KindConflict,
	CodeTranscriptLocked: KindConflict,
	CodePhaseNotAllowed:  KindConflict,
	CodeUnresolvedItems:  KindConflict,

	CodeWrongLevel:     KindInvalid,
	CodeCycle:          KindInvalid,
	CodeDuplicateName:  KindConflict,
	CodeNotEmpty:       KindConflict,
	CodeProposedParent: KindConflict,
	CodeImportRefused:  KindRefused,

	CodeExampleTaken: KindConflict,

	CodeUnsupportedFormat: KindUnsupportedType,
	CodeInvalidFile:       KindRefused,
	CodeEmptyFile:         KindRefused,
	CodeFileTooLarge:      KindTooLarge,
}

// KindOf returns the kind of a code; a code missing from the registry is
// KindInternal (and fails the registry test).
func KindOf(code Code) Kind {
	return codeKinds[code]
}

// Codes returns every code of the registry, in no particular order.
func Codes() []Code {
	codes := make([]Code, 0, len(codeKinds))
	for c := range codeKinds {
		codes = append(codes, c)
	}
	return codes
}

// Registered reports whether the code is declared in the registry.
func Registered(code Code) bool {
	_, ok := codeKinds[code]
	return ok
}

// Error is a domain error with a code, a message written for people, optional
// details for clients, and an optional wrapped cause that is never shown to
// clients.
type Error struct {
	Code    Code
	Message string
	Details any
	Err     error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is an *Error with the same code, so that
// errors.Is(err, tandem.ErrNotFound) works for any not-found error.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code && t.Message == ""
}

// Sentinel errors to compare with errors.Is; they match any Error of their code.
var (
	ErrNotFound    = &Error{Code: CodeNotFound}
	ErrConflict    = &Error{Code: CodeConflict}
	ErrUnavailable = &Error{Code: CodeStoreUnavailable}
)

// Errorf returns an *Error with the given code and a formatted message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an invalid_input error that names the field.
func Invalid(field, message string) *Error {
	return &Error{Code: CodeInvalidInput, Message: message, Details: map[string]string{"field": field}}
}

// CodeOf returns the code of the first *Error in err's chain, or CodeInternal.
func CodeOf(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// MessageOf returns the message of the first *Error in err's chain, or a
// general one.
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Message != "" {
		return e.Message
	}
	return "This cannot be used."
}

// FieldOf returns the field an invalid_input error names, or "".
func FieldOf(err error) string {
	var e *Error
	if errors.As(err, &e) {
		if d, ok := e.Details.(map[string]string); ok {
			return d["field"]
		}
	}
	return ""
}
