# syntax=docker/dockerfile:1
# authprobe's container image for those who build with Docker, Podman or
# Buildah. `make image` writes the same image without any container engine
# (README, "Container image"): this file's build stage runs the same
# `make static` through `make image-rootfs`, whose files (static authprobe,
# static busybox, CA certificates, user nonroot) its final stage copies; a test
# in tools/mkimage keeps the two in step.
#
#   docker build -t authprobe:local \
#     --build-arg VERSION="$(git describe --tags --always --dirty)" \
#     --build-arg REVISION="$(git rev-parse HEAD)" \
#     --build-arg SOURCE_DATE_EPOCH="$(git log -1 --format=%ct)" .
#   docker run --rm authprobe:local conform

FROM golang:1.26-bookworm AS build
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      libxml2-dev libicu-dev liblzma-dev zlib1g-dev g++ pkg-config busybox-static ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY go.mod go.sum ./
RUN go mod download
COPY . .
ARG VERSION=dev
ARG REVISION=
ARG SOURCE_DATE_EPOCH=0
RUN make image-rootfs VERSION="$VERSION" REVISION="$REVISION" SOURCE_DATE_EPOCH="$SOURCE_DATE_EPOCH" \
      STATIC_BIN=/out/authprobe ROOTFS_DIR=/rootfs

FROM scratch
ARG VERSION=dev
ARG REVISION=
COPY --from=build /rootfs/ /
COPY --from=build --chown=65532:65532 /rootfs/home/nonroot/ /home/nonroot/
ENV PATH=/usr/local/bin:/usr/bin:/bin HOME=/home/nonroot
WORKDIR /home/nonroot
USER 65532:65532
LABEL org.opencontainers.image.title="authprobe" \
      org.opencontainers.image.description="Conformance and load harness for session-authentication APIs" \
      org.opencontainers.image.source="https://github.com/authprobe/authprobe" \
      org.opencontainers.image.version="$VERSION" \
      org.opencontainers.image.revision="$REVISION"
ENTRYPOINT ["/authprobe"]
