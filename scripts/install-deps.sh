#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Installs every Debian package Meerkat needs to build, test and run. Idempotent:
# packages already present are left alone, so running it twice costs one dpkg query.
set -euo pipefail

packages=(
  # build
  build-essential cmake ninja-build pkg-config ccache
  # libraries (see DESIGN.md "Dependencies")
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libssl-dev libexpat1-dev libidn-dev libtomlplusplus-dev libyaml-cpp-dev
  libsqlite3-dev zlib1g-dev libspdlog-dev libfmt-dev libcli11-dev
  # tests
  libgtest-dev libgmock-dev python3 python3-pytest python3-slixmpp python3-aioxmpp python3-aiohttp haproxy openssl
  prosody lua-unbound dnsmasq-base ejabberd  # federation peers and their DNS (tests/e2e/s2s)
  nodejs  # the JavaScript clients of the WebSocket and BOSH tests (tests/e2e/js)
  chromium  # Converse.js runs in it, headless, in the web client test
  prometheus  # its promtool checks the text of the metrics endpoint (tests/e2e/api)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Debian packages npm apart from nodejs; some nodejs builds bundle it (and conflict with it).
command -v npm >/dev/null || missing+=(npm)

if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
else
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# The npm clients at the versions in the lock file; skipped when they are already there.
js=tests/e2e/js
cd "$(dirname "$0")/.."
if [ ! -f "$js/node_modules/.package-lock.json" ] ||
   [ "$js/package-lock.json" -nt "$js/node_modules/.package-lock.json" ]; then
  npm ci --prefix "$js" --no-audit --no-fund
fi

# Swagger UI's browser files, embedded into the binary at build time (src/CMakeLists.txt) and
# served by mongoose_client_api at <path>/api-docs. Its install scripts only send analytics.
ui=web/swagger-ui
if [ ! -f "$ui/node_modules/.package-lock.json" ] ||
   [ "$ui/package-lock.json" -nt "$ui/node_modules/.package-lock.json" ]; then
  npm ci --prefix "$ui" --no-audit --no-fund --ignore-scripts
fi
