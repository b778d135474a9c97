// SPDX-License-Identifier: Apache-2.0
// Structured logging (STYLE.md "Logging"): one named spdlog logger per component, messages
// start with a snake_case event name followed by key=value pairs.
#pragma once

#include <spdlog/spdlog.h>

#include <memory>
#include <string>
#include <string_view>

namespace meerkat::observability {

// Sets the level of every logger, now and for loggers made later.
void set_level(spdlog::level::level_enum level);

// The named logger of a component (`c2s`, `listener`, `config`…), created on first use.
// Thread-safe; callers keep the returned pointer rather than looking it up per message.
std::shared_ptr<spdlog::logger> logger(const std::string& component);

}  // namespace meerkat::observability
