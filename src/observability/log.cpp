// SPDX-License-Identifier: Apache-2.0
#include "observability/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace meerkat::observability {

spdlog::level::level_enum level_from_name(std::string_view name) {
  using spdlog::level::level_enum;
  if (name == "none") return level_enum::off;
  if (name == "emergency" || name == "alert" || name == "critical") return level_enum::critical;
  if (name == "error") return level_enum::err;
  if (name == "warning") return level_enum::warn;
  if (name == "notice" || name == "info") return level_enum::info;
  if (name == "debug") return level_enum::debug;
  return level_enum::trace;  // "all"
}

void set_level(std::string_view name) { spdlog::set_level(level_from_name(name)); }

std::shared_ptr<spdlog::logger> logger(const std::string& component) {
  if (auto existing = spdlog::get(component)) return existing;
  // Logs go to stderr so that stdout stays free for command output (--check-config).
  auto made = spdlog::stderr_color_mt(component);
  made->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ %n %v");
  made->set_level(spdlog::get_level());
  return made;
}

}  // namespace meerkat::observability
