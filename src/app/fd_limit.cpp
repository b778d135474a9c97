// SPDX-License-Identifier: Apache-2.0
#include "app/fd_limit.hpp"

#include <fmt/format.h>
#include <sys/resource.h>

namespace meerkat::app {

namespace {

// Adds one listener's limit to `total`; an unlimited listener makes the total unbounded.
void add(std::optional<std::uint64_t>& total, const config::ListenerCommon& common) {
  if (!total) return;
  if (!common.max_connections) {
    total.reset();
    return;
  }
  *total += *common.max_connections + 1;  // and its listening socket
}

}  // namespace

std::optional<std::uint64_t> descriptors_needed(const config::ListenOptions& listen) {
  std::optional<std::uint64_t> total = kReservedDescriptors;
  for (const auto& l : listen.c2s) add(total, l.common);
  for (const auto& l : listen.s2s) add(total, l.common);
  for (const auto& l : listen.service) add(total, l.common);
  for (const auto& l : listen.http) add(total, l.common);
  return total;
}

FdLimits raise_fd_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return {};
  if (limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  return {static_cast<std::uint64_t>(limit.rlim_cur), static_cast<std::uint64_t>(limit.rlim_max)};
}

std::optional<std::string> fd_limit_warning(FdLimits limits, std::optional<std::uint64_t> needed) {
  if (!needed || *needed <= limits.soft) return std::nullopt;
  return fmt::format(
      "fd_limit_too_low limit={} hard_limit={} needed={}: the listeners' max_connections "
      "allow {} connections, but this process may open only {} files, so connections beyond "
      "that fail; raise the limit (ulimit -n, systemd LimitNOFILE=, and fs.nr_open for more "
      "than 1048576) or lower max_connections",
      limits.soft, limits.hard, *needed, *needed - kReservedDescriptors, limits.soft);
}

}  // namespace meerkat::app
