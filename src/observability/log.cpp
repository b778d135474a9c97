// SPDX-License-Identifier: Apache-2.0
#include "observability/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

#include <mutex>

namespace meerkat::observability {

void set_level(spdlog::level::level_enum level) { spdlog::set_level(level); }

std::shared_ptr<spdlog::logger> logger(const std::string& component) {
  // Two shards may ask for the same new logger at once; spdlog refuses a duplicate name.
  static std::mutex creating;
  std::lock_guard lock(creating);
  if (auto existing = spdlog::get(component)) return existing;
  // Logs go to stderr so that stdout stays free for command output (--check-config).
  auto made = spdlog::stderr_color_mt(component);
  made->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %n %v");
  made->set_level(spdlog::get_level());
  return made;
}

}  // namespace meerkat::observability
