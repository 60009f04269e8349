package httpapi

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/tandemqda/tandem/internal/tandem"
)

// statusOf maps each domain error code to its HTTP status.
var statusOf = map[tandem.Code]int{
	tandem.CodeInvalidInput:       http.StatusBadRequest,
	tandem.CodeInvalidJSON:        http.StatusBadRequest,
	tandem.CodeWeakPassword:       http.StatusBadRequest,
	tandem.CodeUnauthenticated:    http.StatusUnauthorized,
	tandem.CodeInvalidCredentials: http.StatusUnauthorized,
	tandem.CodeTokenExpired:       http.StatusUnauthorized,
	tandem.CodeSessionRevoked:     http.StatusUnauthorized,
	tandem.CodeAccountDisabled:    http.StatusForbidden,
	tandem.CodeForbidden:          http.StatusForbidden,
	tandem.CodeInvalidSetupToken:  http.StatusForbidden,
	tandem.CodeNotFound:           http.StatusNotFound,
	tandem.CodeConflict:           http.StatusConflict,
	tandem.CodeVersionConflict:    http.StatusConflict,
	tandem.CodeLastLead:           http.StatusConflict,
	tandem.CodeAlreadyMember:      http.StatusConflict,
	tandem.CodeSetupDone:          http.StatusConflict,
	tandem.CodeEmailTaken:         http.StatusConflict,
	tandem.CodeWrongLevel:         http.StatusBadRequest,
	tandem.CodeCycle:              http.StatusBadRequest,
	tandem.CodeDuplicateName:      http.StatusConflict,
	tandem.CodeNotEmpty:           http.StatusConflict,
	tandem.CodeImportRefused:      http.StatusUnprocessableEntity,
	tandem.CodeProposedParent:     http.StatusConflict,
	tandem.CodeTranscriptBusy:     http.StatusServiceUnavailable,
	tandem.CodeTextChanged:        http.StatusConflict,
	tandem.CodeCodingSubmitted:    http.StatusConflict,
	tandem.CodeCodingRevealed:     http.StatusForbidden,
	tandem.CodeThemeNotUsable:     http.StatusBadRequest,
	tandem.CodeInvitationExpired:  http.StatusGone,
	tandem.CodeInvitationUsed:     http.StatusGone,
	tandem.CodeInvitationRevoked:  http.StatusGone,
	tandem.CodeResetExpired:       http.StatusGone,
	tandem.CodePayloadTooLarge:    http.StatusRequestEntityTooLarge,
	tandem.CodeRateLimited:        http.StatusTooManyRequests,
	tandem.CodeStoreUnavailable:   http.StatusServiceUnavailable,
	tandem.CodeStorageFull:        http.StatusInsufficientStorage,
	tandem.CodeInternal:           http.StatusInternalServerError,

	// Requests refused before they are read.
	tandem.CodeUnsupportedMediaType: http.StatusUnsupportedMediaType,
	tandem.CodeCrossOrigin:          http.StatusForbidden,
	tandem.CodeServerBusy:           http.StatusServiceUnavailable,
}

type errorBody struct {
	Error errorFields `json:"error"`
}

type errorFields struct {
	Code      tandem.Code `json:"code"`
	Message   string      `json:"message"`
	Details   any         `json:"details,omitempty"`
	RequestID string      `json:"requestId,omitempty"`
}

// handleError is the app's one error handler: it turns any error into the
// JSON envelope. Causes and internal errors go to the log, never to clients.
func (s *Server) handleError(c *fiber.Ctx, err error) error {
	rid := requestIDOf(c)
	var te *tandem.Error
	var fe *fiber.Error
	switch {
	case errors.As(err, &te):
		// keep te
	case errors.As(err, &fe) && fe.Code == fiber.StatusRequestEntityTooLarge:
		te = s.tooLarge(c)
	case errors.As(err, &fe):
		te = fiberError(fe)
	default:
		te = &tandem.Error{Code: tandem.CodeInternal}
	}
	status, ok := statusOf[te.Code]
	if !ok {
		status = http.StatusInternalServerError
	}
	body := errorFields{Code: te.Code, Message: te.Message, Details: te.Details, RequestID: rid}
	switch {
	case te.Code == tandem.CodeStorageFull:
		s.log.Error("the disk of the store is full: changes are not saved until space is freed", "request_id", rid, "method", c.Method(), "path", c.Path(), "error", err.Error())
	case status >= 500:
		level := slog.LevelError
		if te.Code == tandem.CodeStoreUnavailable || te.Code == tandem.CodeServerBusy {
			level = slog.LevelWarn
		}
		s.log.Log(c.UserContext(), level, "request failed", "request_id", rid, "method", c.Method(), "path", c.Path(), "error", err.Error())
	}
	if te.Code == tandem.CodeServerBusy {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(busyRetrySeconds))
	}
	if te.Code == tandem.CodeInternal {
		body.Message = "Something went wrong on the server. Try again; if it keeps happening, tell your admin the request id " + rid + "."
		body.Details = nil
	}
	if body.Message == "" {
		body.Message = http.StatusText(status)
	}
	return c.Status(status).JSON(errorBody{Error: body})
}

// fiberError converts an error raised by Fiber itself (routing, body limit).
func fiberError(fe *fiber.Error) *tandem.Error {
	switch fe.Code {
	case fiber.StatusNotFound:
		return tandem.Errorf(tandem.CodeNotFound, "Not found.")
	case fiber.StatusMethodNotAllowed:
		return tandem.Errorf(tandem.CodeNotFound, "That method is not allowed here.")
	case fiber.StatusRequestEntityTooLarge:
		return tandem.Errorf(tandem.CodePayloadTooLarge, "The request is too large.")
	case fiber.StatusBadRequest:
		return tandem.Errorf(tandem.CodeInvalidInput, "The request could not be read.")
	}
	if fe.Code >= 500 {
		return &tandem.Error{Code: tandem.CodeInternal, Err: fe}
	}
	return &tandem.Error{Code: tandem.CodeInvalidInput, Message: fe.Message}
}
