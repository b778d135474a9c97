#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds an optimised Meerkat and runs it; arguments go to meerkat (e.g. --config FILE).
# Without arguments it serves the embedded default: localhost, c2s on 5222, data in ./var/.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-release} scripts/build.sh
exec "${BUILD_DIR:-build-release}/src/meerkat" "$@"
