// Package httpapi is Tandem's HTTP interface: the Fiber app with its routes,
// handlers, middleware, the one error handler that maps domain errors to HTTP,
// and the server of the built browser app.
package httpapi

import (
	"io/fs"
	"log/slog"
	"net/netip"
	"runtime"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/tandemqda/tandem/internal/app"
	"github.com/tandemqda/tandem/internal/auth"
	"github.com/tandemqda/tandem/internal/tandem"
)

// Config is what the HTTP layer needs from the server's configuration.
type Config struct {
	Store  tandem.Store
	Tokens *auth.Tokens
	Logger *slog.Logger
	// BaseURL is the public URL of the instance, used in links.
	BaseURL string
	// RefreshTTL is how long a session lasts without being refreshed.
	RefreshTTL time.Duration
	// InvitationTTL is the default lifetime of an invitation link.
	InvitationTTL time.Duration
	// ResetTTL is the lifetime of a password reset link.
	ResetTTL time.Duration
	// MaxJSONBytes bounds JSON request bodies.
	MaxJSONBytes int
	// MaxRequestBytes bounds any request body (uploads included).
	MaxRequestBytes int
	// MaxUploadBytes bounds one uploaded file.
	MaxUploadBytes int
	// ProxyHeader names the header that carries the client IP behind a proxy.
	ProxyHeader string
	// TrustedProxies are the addresses of the proxies whose ProxyHeader is
	// believed; a request from any other address is counted against its own.
	TrustedProxies []netip.Prefix
	// HashWorkers bounds the passwords hashed at once; 0 means half the
	// CPUs (at least one), which leaves the rest to everyone else's requests
	// during a burst of sign-ins.
	HashWorkers int
	// MaxConnections bounds the connections served at once (Fiber's
	// Concurrency); 0 keeps Fiber's default.
	MaxConnections int
	// Frontend holds the built browser app (index.html at its root).
	Frontend fs.FS
	// Version is Tandem's version.
	Version string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Server holds the handlers' dependencies.
type Server struct {
	cfg      Config
	store    tandem.Store
	app      *app.App
	tokens   *auth.Tokens
	log      *slog.Logger
	guesses  *guessLimits
	hasher   *auth.Hasher
	sessions *liveSessions
	writes   *writeLimiter
	// origin is the instance's own origin, from BaseURL.
	origin string
}

// New returns the Fiber app with every route.
func New(cfg Config) (*fiber.App, *Server) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.MaxJSONBytes == 0 {
		cfg.MaxJSONBytes = 1 << 20
	}
	if cfg.MaxRequestBytes == 0 {
		cfg.MaxRequestBytes = 64 << 20
	}
	if cfg.MaxUploadBytes == 0 {
		cfg.MaxUploadBytes = 10 << 20
	}
	if cfg.InvitationTTL == 0 {
		cfg.InvitationTTL = 7 * 24 * time.Hour
	}
	if cfg.ResetTTL == 0 {
		cfg.ResetTTL = 24 * time.Hour
	}
	if cfg.RefreshTTL == 0 {
		cfg.RefreshTTL = 30 * 24 * time.Hour
	}
	if cfg.HashWorkers == 0 {
		cfg.HashWorkers = max(1, runtime.NumCPU()/2)
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	s := &Server{
		cfg:      cfg,
		store:    cfg.Store,
		tokens:   cfg.Tokens,
		log:      cfg.Logger,
		guesses:  newGuessLimits(cfg.Now),
		hasher:   auth.NewHasher(cfg.HashWorkers, max(32, 16*cfg.HashWorkers)),
		sessions: newLiveSessions(cfg.Store, cfg.Now),
		writes:   newWriteLimiter(writesPerSecond, writeBurst, cfg.Now),
		origin:   origin(cfg.BaseURL),
	}
	s.app = app.New(app.Config{Store: cfg.Store, Now: cfg.Now, Log: cfg.Logger, Hasher: s.hasher,
		BaseURL: cfg.BaseURL, ResetTTL: cfg.ResetTTL, SessionsEnded: s.sessions.endUser})
	fa := fiber.New(fiber.Config{
		AppName:               "Tandem",
		DisableStartupMessage: true,
		ErrorHandler:          s.handleError,
		BodyLimit:             cfg.MaxRequestBytes,
		ReadTimeout:           60 * time.Second,
		WriteTimeout:          60 * time.Second,
		IdleTimeout:           120 * time.Second,
		Immutable:             true,
		Concurrency:           cfg.MaxConnections,
	})
	// Each request's body limit is set from its path before the body is read.
	fa.Server().HeaderReceived = s.requestConfig
	fa.Use(s.requestID, s.logRequests, s.securityHeaders)
	s.routes(fa)
	return fa, s
}

func (s *Server) routes(app *fiber.App) {
	api := app.Group("/api/v1", noStore, s.sameSite)
	api.Get("/health", s.health)
	api.Get("/ready", s.ready)

	api.Get("/setup", s.setupState)
	api.Post("/setup", s.setup)
	api.Post("/auth/login", s.login)
	api.Post("/auth/refresh", s.refresh)
	api.Post("/auth/logout", s.logout)
	api.Post("/password-reset/preview", s.previewPasswordReset)
	api.Post("/password-reset", s.usePasswordReset)
	api.Get("/invitations/:token", s.invitationPreview)
	api.Post("/invitations/:token/accept", s.optionalUser, s.acceptInvitation)

	user := s.requireUser
	api.Get("/me", user, s.getMe)
	api.Patch("/me", user, s.patchMe)
	api.Post("/me/password", user, s.changePassword)
	api.Get("/users", user, s.requireAdmin, s.listUsers)
	api.Patch("/users/:uid", user, s.requireAdmin, s.patchUser)
	api.Post("/users/:uid/password-reset", user, s.requireAdmin, s.createPasswordReset)
	api.Get("/audit", user, s.requireAdmin, s.instanceAuditLog)
	api.Get("/projects", user, s.listProjects)
	api.Post("/projects", user, s.createProject)
	api.Post("/projects/sample", user, s.createSample)
	api.Post("/projects/import", user, s.importProject)

	// Every project route goes through member, which checks membership and role.
	api.Get("/projects/:pid", s.member(tandem.RoleViewer), s.getProject)
	api.Patch("/projects/:pid", s.member(tandem.RoleLead), s.patchProject)
	api.Delete("/projects/:pid", s.member(tandem.RoleLead), s.deleteProject)
	api.Get("/projects/:pid/members", s.member(tandem.RoleViewer), s.listMembers)
	api.Patch("/projects/:pid/members/:uid", s.member(tandem.RoleViewer), s.patchMember)
	api.Delete("/projects/:pid/members/:uid", s.member(tandem.RoleViewer), s.removeMember)
	api.Get("/projects/:pid/invitations", s.member(tandem.RoleLead), s.listInvitations)
	api.Post("/projects/:pid/invitations", s.member(tandem.RoleLead), s.createInvitation)
	api.Delete("/projects/:pid/invitations/:iid", s.member(tandem.RoleLead), s.revokeInvitation)
	api.Get("/projects/:pid/audit", s.member(tandem.RoleLead), s.auditLog)
	api.Get("/projects/:pid/identifier-names", s.member(tandem.RoleLead), s.getIdentifierNames)
	api.Put("/projects/:pid/identifier-names", s.member(tandem.RoleLead), s.putIdentifierNames)

	api.Get("/projects/:pid/transcripts", s.member(tandem.RoleViewer), s.listTranscripts)
	api.Post("/projects/:pid/transcripts", s.member(tandem.RoleLead), s.uploadTranscripts)
	api.Get("/projects/:pid/transcripts/:tid", s.member(tandem.RoleViewer), s.getTranscript)
	api.Patch("/projects/:pid/transcripts/:tid", s.member(tandem.RoleLead), s.patchTranscript)
	api.Delete("/projects/:pid/transcripts/:tid", s.member(tandem.RoleLead), s.deleteTranscript)
	api.Patch("/projects/:pid/transcripts/:tid/speakers", s.member(tandem.RoleLead), s.patchSpeakers)
	api.Get("/projects/:pid/transcripts/:tid/identifiers", s.member(tandem.RoleLead), s.transcriptIdentifiers)
	api.Post("/projects/:pid/transcripts/:tid/redactions", s.member(tandem.RoleLead), s.redactTranscript)

	api.Get("/projects/:pid/progress", s.member(tandem.RoleViewer), s.progress)
	api.Get("/projects/:pid/retrieval", s.member(tandem.RoleViewer), s.retrieve)
	api.Get("/projects/:pid/theme-counts", s.member(tandem.RoleViewer), s.themeCounts)
	api.Get("/projects/:pid/agreement", s.member(tandem.RoleLead), s.agreementReport)
	api.Get("/projects/:pid/agreement/disagreements", s.member(tandem.RoleLead), s.disagreements)
	api.Get("/projects/:pid/transcripts/:tid/codings", s.member(tandem.RoleViewer), s.listCodings)
	api.Get("/projects/:pid/transcripts/:tid/codings/:coder", s.member(tandem.RoleViewer), s.getCoding)
	api.Post("/projects/:pid/transcripts/:tid/codings/:coder/excerpts", s.member(tandem.RoleCoder), s.writes.limit, s.addExcerpt)
	api.Patch("/projects/:pid/transcripts/:tid/codings/:coder/excerpts/:eid", s.member(tandem.RoleCoder), s.writes.limit, s.patchExcerpt)
	api.Delete("/projects/:pid/transcripts/:tid/codings/:coder/excerpts/:eid", s.member(tandem.RoleCoder), s.writes.limit, s.deleteExcerpt)
	api.Post("/projects/:pid/transcripts/:tid/codings/:coder/submit", s.member(tandem.RoleCoder), s.submitCoding)
	api.Post("/projects/:pid/transcripts/:tid/codings/:coder/reopen", s.member(tandem.RoleCoder), s.reopenCoding)
	api.Post("/projects/:pid/transcripts/:tid/reveal", s.member(tandem.RoleLead), s.revealCoding)
	api.Post("/projects/:pid/transcripts/:tid/phase", s.member(tandem.RoleLead), s.movePhase)
	api.Post("/projects/:pid/phases", s.member(tandem.RoleLead), s.projectPhases)
	api.Get("/projects/:pid/reconcile-settings", s.member(tandem.RoleViewer), s.getReconcileSettings)
	api.Put("/projects/:pid/reconcile-settings", s.member(tandem.RoleLead), s.putReconcileSettings)
	api.Get("/projects/:pid/transcripts/:tid/queue", s.member(tandem.RoleLead), s.transcriptQueue)
	api.Get("/projects/:pid/queue", s.member(tandem.RoleLead), s.projectQueue)
	api.Post("/projects/:pid/transcripts/:tid/decisions", s.member(tandem.RoleLead), s.writes.limit, s.decide)
	api.Get("/projects/:pid/decisions", s.member(tandem.RoleLead), s.decisionsLog)
	api.Get("/projects/:pid/transcripts/:tid/consensus", s.member(tandem.RoleViewer), s.consensus)

	api.Get("/projects/:pid/codebook", s.member(tandem.RoleViewer), s.getCodebook)
	api.Get("/projects/:pid/codebook/templates", s.member(tandem.RoleViewer), s.listTemplates)
	api.Post("/projects/:pid/codebook/template", s.member(tandem.RoleLead), s.applyTemplate)
	api.Post("/projects/:pid/codebook/nodes", s.member(tandem.RoleLead), s.addNode)
	api.Patch("/projects/:pid/codebook/nodes/:nid", s.member(tandem.RoleLead), s.patchNode)
	api.Post("/projects/:pid/codebook/nodes/:nid/move", s.member(tandem.RoleLead), s.moveNode)
	api.Post("/projects/:pid/codebook/nodes/:nid/merge", s.member(tandem.RoleLead), s.mergeNode)
	api.Get("/projects/:pid/codebook/versions", s.member(tandem.RoleViewer), s.codebookVersions)
	api.Get("/projects/:pid/codebook/versions/:v", s.member(tandem.RoleViewer), s.codebookVersion)
	api.Post("/projects/:pid/codebook/proposals", s.member(tandem.RoleCoder), s.propose)
	api.Post("/projects/:pid/codebook/proposals/:prid/accept", s.member(tandem.RoleLead), s.acceptProposal)
	api.Post("/projects/:pid/codebook/proposals/:prid/decline", s.member(tandem.RoleLead), s.declineProposal)
	api.Post("/projects/:pid/codebook/imports", s.member(tandem.RoleLead), s.importCodebook)
	api.Get("/projects/:pid/exports/codebook.qdc", s.member(tandem.RoleViewer), s.exportQDC)
	api.Get("/projects/:pid/exports/codebook.xlsx", s.member(tandem.RoleViewer), s.exportCodebookXLSX)
	api.Get("/projects/:pid/exports/agreement.xlsx", s.member(tandem.RoleLead), s.exportAgreement)
	api.Get("/projects/:pid/exports/excerpts.xlsx", s.member(tandem.RoleLead), s.exportExcerpts("xlsx"))
	api.Get("/projects/:pid/exports/excerpts.csv", s.member(tandem.RoleLead), s.exportExcerpts("csv"))
	api.Get("/projects/:pid/exports/excerpts.txt", s.member(tandem.RoleLead), s.exportExcerpts("txt"))

	// Each coder vs the consensus, and the findings (issue 13).
	api.Get("/projects/:pid/consensus-agreement", s.member(tandem.RoleCoder), s.consensusAgreement)
	api.Get("/projects/:pid/findings", s.member(tandem.RoleViewer), s.findings)
	api.Post("/projects/:pid/exemplars", s.member(tandem.RoleLead), s.pickExemplar)
	api.Delete("/projects/:pid/exemplars/:xid", s.member(tandem.RoleLead), s.removeExemplar)
	api.Get("/projects/:pid/exports/findings.xlsx", s.member(tandem.RoleLead), s.exportFindings)
	api.Get("/projects/:pid/exports/decisions.xlsx", s.member(tandem.RoleLead), s.exportDecisions)
	api.Get("/projects/:pid/exports/project.qdpx", s.member(tandem.RoleLead), s.exportProject)

	api.Use(func(c *fiber.Ctx) error {
		return tandem.Errorf(tandem.CodeNotFound, "There is no API route %s %s.", c.Method(), c.Path())
	})
	app.Use(s.frontend)
}

func (s *Server) now() time.Time { return s.app.Now() }

func (s *Server) health(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}

// ready answers 200 when the store answers and can read, else 503 with the
// reason in plain words.
func (s *Server) ready(c *fiber.Ctx) error {
	if err := s.store.Ready(c.UserContext()); err != nil {
		return err
	}
	return c.JSON(fiber.Map{"status": "ready"})
}
