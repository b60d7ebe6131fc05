#!/usr/bin/env bash
# The GitHub Action's cache key (action.yml): the runner's OS and arch and a
# hash of the sources lede is built from, so a cached build is reused only
# for the very same sources. Writes `key=...` to $GITHUB_OUTPUT (or stdout).
set -euo pipefail
cd "$(dirname "$0")/../.."
sum=$(find Cargo.toml Cargo.lock server/Cargo.toml server/build.rs server/src -type f -print0 \
  | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -c1-20)
line="key=lede-${RUNNER_OS:-local}-${RUNNER_ARCH:-local}-$sum"
if [ -n "${GITHUB_OUTPUT:-}" ]; then echo "$line" >> "$GITHUB_OUTPUT"; else echo "$line"; fi
