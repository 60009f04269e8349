// Package tandem holds Tandem's domain: types, invariants, error codes and the
// store interfaces. It depends on nothing else of Tandem's.
package tandem

import (
	"errors"
	"fmt"
)

// Code is a stable, machine-readable error code. The HTTP layer maps codes to
// status codes; clients use them to decide what to do.
type Code string

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
)

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
