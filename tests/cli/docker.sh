#!/usr/bin/env bash
# The container recipe builds and runs regionsim with a mounted scenarios
# directory as its working directory. Runs only where a Docker daemon answers
# and the Debian base image is present (this workplace reaches no image
# registry); otherwise it says so and passes.
set -u
src=$2
fail() { echo "FAIL: $*"; exit 1; }
if ! command -v docker >/dev/null || ! docker info >/dev/null 2>&1; then
    echo "skipped: no Docker daemon"; exit 0
fi
if ! docker image inspect debian:bookworm-slim >/dev/null 2>&1 &&
    ! docker pull -q debian:bookworm-slim >/dev/null 2>&1; then
    echo "skipped: no debian:bookworm-slim image and no registry"; exit 0
fi
tag=regionsim-test:$$
docker build -q -t "$tag" "$src" >/dev/null || fail "docker build"
trap 'docker rmi -f "$tag" >/dev/null 2>&1' EXIT
work=$(mktemp -d)
cp "$src/scenarios/two-region.yaml" "$work/"
docker run --rm -v "$work:/scenarios" "$tag" run two-region.yaml -o out -n 2 -q ||
    fail "docker run"
[ -s "$work/out/two-region/summary.csv" ] || fail "no summary.csv in the mounted directory"
rm -rf "$work"
echo "ok"
