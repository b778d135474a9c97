// SPDX-License-Identifier: Apache-2.0
// The open-file limit against the configured listeners: every connection is a file
// descriptor, so max_connections beyond RLIMIT_NOFILE would fail as accept() errors under
// load, long after start-up. The server raises its soft limit to the hard one and says at
// start-up, with numbers, when that is still not enough.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "config/listen_options.hpp"

namespace meerkat::app {

struct FdLimits {
  std::uint64_t soft = 0;
  std::uint64_t hard = 0;
};

// Descriptors the server keeps besides connections: listening sockets, the database, log
// files, the shards' event descriptors.
inline constexpr std::uint64_t kReservedDescriptors = 64;

// The descriptors the listeners' max_connections add up to, with the reserve; nullopt when a
// listener has no limit.
std::optional<std::uint64_t> descriptors_needed(const config::ListenOptions& listen);

// Raises the soft limit to the hard one (what an unprivileged process may do); returns the
// limits in force afterwards.
FdLimits raise_fd_limit();

// The warning to log, or nullopt when `limits.soft` covers `needed`.
std::optional<std::string> fd_limit_warning(FdLimits limits, std::optional<std::uint64_t> needed);

}  // namespace meerkat::app
