package httpapi

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/tandemqda/tandem/internal/app"
	"github.com/tandemqda/tandem/internal/tandem"
)

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
	if !tandem.Registered(te.Code) {
		s.log.Error("an error code missing from the registry answers 500", "request_id", rid, "code", te.Code)
	}
	status := tandem.KindOf(te.Code).Status()
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
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(app.BusyRetrySeconds))
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
