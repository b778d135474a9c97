#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Builds Meerkat once with ASan+UBSan and runs every test on that build: the GoogleTest unit
# tests, then the end-to-end tests (pytest, real binary, real clients).
set -euo pipefail
cd "$(dirname "$0")/.."
export BUILD_DIR=${BUILD_DIR:-build-test}
SANITIZE=1 scripts/build.sh

# Unit tests: fast, no network.
"$BUILD_DIR/tests/unit/meerkat_unit_tests" --gtest_brief=1

# End-to-end: Debian's interpreter sees Debian's python3-* packages (slixmpp, pytest).
export MEERKAT_BIN="$PWD/$BUILD_DIR/src/meerkat"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
/usr/bin/python3 -m pytest -q -p no:cacheprovider --rootdir=tests/e2e tests/e2e "$@"
