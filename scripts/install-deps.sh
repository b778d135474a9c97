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
  libsqlite3-dev libspdlog-dev libfmt-dev libcli11-dev
  # tests
  libgtest-dev libgmock-dev python3 python3-pytest python3-slixmpp python3-aioxmpp haproxy openssl
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

sudo_cmd=()
[ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
