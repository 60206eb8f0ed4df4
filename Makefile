# authprobe — the two commands of the README, and their helpers.
#   make run    builds authprobe and runs the main job on the embedded reference servers
#   make test   runs every test (race detector on), as CI does
#   make image  builds the container image (bin/authprobe-image.tar) without a container engine

GO      ?= go
BIN     ?= bin/authprobe
APT_PKGS = libxml2-dev pkg-config python3-suds wrk chromium prometheus-pushgateway time
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# $(call apt_install,PKGS) installs Debian packages quietly (deps and the jQuery rule).
apt_install = $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $(1) >/dev/null
# GOFLAGS_BUILD are the flags of every authprobe build (this file, the bench
# scripts, the image): -trimpath keeps the build machine's paths out of the
# binary and so out of the reports' spec locations.
GOFLAGS_BUILD ?= -trimpath
export GOFLAGS_BUILD

.PHONY: run test deps build bench fuzz vet clean static image image-rootfs

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
# $(sort) lists a package both lists name (libxml2-dev, pkg-config) once.
deps:
	@missing=""; for p in $(sort $(APT_PKGS)); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(call apt_install,$$missing); \
	fi

# The real jQuery the IRP seed's example runs on (refservers/irp/jquery_test.go):
# npm ci from the pinned package-lock.json, nodejs and npm from apt when missing.
JQUERY_DIR = refservers/irp/testdata/jquery
deps: $(JQUERY_DIR)/node_modules/.package-lock.json
$(JQUERY_DIR)/node_modules/.package-lock.json: $(JQUERY_DIR)/package.json $(JQUERY_DIR)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "installing: nodejs npm"; $(call apt_install,nodejs npm); }
	cd $(JQUERY_DIR) && npm ci --no-audit --no-fund

bench: deps build
	bash bench/reference.sh

vet:
	$(GO) vet ./...

clean:
	rm -rf bin authprobe-report

# ---- The container image (README "Container image") ----
# `make image` links authprobe statically (libxml2 with its ICU, zlib and liblzma,
# the C and C++ runtimes: the image has no C library) and writes it, a static
# busybox for the Kubernetes Jobs' scripts, CA certificates and a non-root user
# as a one-layer image with tools/mkimage: a docker-archive tarball for
# `docker load`, `podman load` and `kind load image-archive`. Same inputs, same
# digest (file times are SOURCE_DATE_EPOCH, the commit's time). The Dockerfile's
# build stage runs `make image-rootfs`: the same build, laid out for its COPY.
# The linker warns that libxml2's and ICU's unused network and plugin code
# (getaddrinfo, dlopen) would need glibc's shared libraries: authprobe never
# calls it.
VERSION           ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
REVISION          ?= $(shell git rev-parse HEAD 2>/dev/null)
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
IMAGE             ?= authprobe:local
IMAGE_TAR         ?= bin/authprobe-image.tar
STATIC_BIN        ?= bin/authprobe-static
ROOTFS_DIR        ?= bin/rootfs
STATIC_APT_PKGS    = libxml2-dev libicu-dev liblzma-dev zlib1g-dev g++ pkg-config busybox-static ca-certificates
APT_PKGS          += $(STATIC_APT_PKGS) skopeo umoci
STATIC_GOFLAGS     = $(GOFLAGS_BUILD) -buildvcs=false -tags netgo,osusergo
STATIC_LDFLAGS     = -s -w -X github.com/authprobe/authprobe/internal/cli.Version=$(VERSION) \
                     -X github.com/authprobe/authprobe/internal/cli.Commit=$(REVISION) \
                     -linkmode external -extldflags=-static
MKIMAGE_FLAGS      = --binary '$(STATIC_BIN)' --version '$(VERSION)' --revision '$(REVISION)' --created '$(SOURCE_DATE_EPOCH)'

static:
	@mkdir -p '$(dir $(STATIC_BIN))'
	CGO_ENABLED=1 CGO_LDFLAGS="$$(pkg-config --static --libs libxml-2.0) -lstdc++" \
	  $(GO) build $(STATIC_GOFLAGS) -ldflags '$(STATIC_LDFLAGS)' -o '$(STATIC_BIN)' ./cmd/authprobe

image: deps static
	@mkdir -p '$(dir $(IMAGE_TAR))'
	$(GO) run ./tools/mkimage archive $(MKIMAGE_FLAGS) --tag '$(IMAGE)' --out '$(IMAGE_TAR)'

image-rootfs: static
	$(GO) run ./tools/mkimage rootfs $(MKIMAGE_FLAGS) --out '$(ROOTFS_DIR)'
