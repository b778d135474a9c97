#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Configures and builds Meerkat. BUILD_DIR (default build) and SANITIZE=1 (ASan+UBSan)
# choose the flavour; the tests use the sanitized build.
set -euo pipefail
cd "$(dirname "$0")/.."
build_dir=${BUILD_DIR:-build}
sanitize=${SANITIZE:-0}
cmake -S . -B "$build_dir" -G Ninja -DMEERKAT_SANITIZE="$([ "$sanitize" = 1 ] && echo ON || echo OFF)" >/dev/null
ninja -C "$build_dir"
