# Tandem: `make run` builds everything and starts the server on the embedded
# store; `make test` runs every test (Go, frontend unit, browser end-to-end).

GO      ?= go
NPM     ?= npm
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)
# Our Go packages: ./... also finds the Go sources an npm package ships in
# frontend/node_modules (flatted, pulled in by ESLint).
GOPKGS   = $(shell $(GO) list ./... | grep -v /node_modules/)
# staticcheck is run from the Go module proxy at this pinned version.
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: run build frontend deps test test-go test-frontend test-e2e fuzz bench lint clean

run: build
	./bin/tandem $(ARGS)

build: frontend
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/tandem ./api

# The browser app is built again only when one of its sources changed.
FRONTEND_SOURCES := $(shell find frontend/src frontend/public -type f 2>/dev/null) \
	frontend/index.html frontend/vite.config.ts frontend/tsconfig.json frontend/package.json

frontend: frontend/dist/index.html

frontend/dist/index.html: frontend/node_modules/.installed $(FRONTEND_SOURCES)
	cd frontend && $(NPM) run build

frontend/node_modules/.installed: frontend/package.json frontend/package-lock.json
	cd frontend && $(NPM) install --no-audit --no-fund
	touch $@

test: deps lint test-go test-frontend test-e2e

# Debian packages the tests need (chromium, xmllint, LibreOffice), installed when missing.
deps:
	bash scripts/deps.sh

lint: frontend/node_modules/.installed
	@out=$$(gofmt -l api internal frontend/embed.go); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	$(GO) vet $(GOPKGS)
	$(GO) run $(STATICCHECK) $(GOPKGS)
	cd frontend && $(NPM) run typecheck
	cd frontend && $(NPM) run lint

test-go:
	TANDEM_REQUIRE_LIBREOFFICE=1 $(GO) test -race -timeout 30m -count=1 $(GOPKGS)

test-frontend: frontend/node_modules/.installed
	cd frontend && $(NPM) test

test-e2e: build
	bash scripts/e2e.sh

# Fuzz each parser for a short while (FUZZTIME=1m make fuzz for longer).
FUZZTIME ?= 20s
fuzz:
	bash scripts/fuzz.sh $(FUZZTIME)

bench: build
	bash scripts/bench.sh

clean:
	rm -rf bin frontend/node_modules frontend/dist/assets frontend/dist/index.html
