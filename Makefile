# authprobe — the two commands of the README, and their helpers.
#   make run    builds authprobe and runs the main job on the embedded reference servers
#   make test   runs every test (race detector on), as CI does

GO      ?= go
BIN     ?= bin/authprobe
APT_PKGS = libxml2-dev pkg-config python3-suds wrk chromium prometheus-pushgateway time
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# GOFLAGS_BUILD are the flags of every authprobe build (this file, the bench
# scripts, the image): -trimpath keeps the build machine's paths out of the
# binary and so out of the reports' spec locations.
GOFLAGS_BUILD ?= -trimpath
export GOFLAGS_BUILD

.PHONY: run test deps build bench fuzz vet clean

run: deps build
	./$(BIN) run

test: deps
	$(GO) vet ./...
	$(GO) test -race -timeout 20m ./...

build:
	$(GO) build $(GOFLAGS_BUILD) -o $(BIN) ./cmd/authprobe

# deps installs the Debian packages the tests need, only when missing:
# libxml2 for XSD validation (cgo), python3-suds for the seed's suds example,
# wrk for the benchmarks, chromium for the HTML report test,
# prometheus-pushgateway for the metrics push tests (started on loopback),
# GNU time for the hostile-target tests' peak RSS of authprobe alone.
deps:
	@missing=""; for p in $(APT_PKGS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# The real jQuery the IRP seed's example runs on (refservers/irp/jquery_test.go):
# npm ci from the pinned package-lock.json, nodejs and npm from apt when missing.
JQUERY_DIR = refservers/irp/testdata/jquery
deps: $(JQUERY_DIR)/node_modules/.package-lock.json
$(JQUERY_DIR)/node_modules/.package-lock.json: $(JQUERY_DIR)/package.json $(JQUERY_DIR)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "installing: nodejs npm"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null; }
	cd $(JQUERY_DIR) && npm ci --no-audit --no-fund

bench: deps build
	bash bench/reference.sh

vet:
	$(GO) vet ./...

clean:
	rm -rf bin authprobe-report
