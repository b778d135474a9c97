// SPDX-License-Identifier: Apache-2.0
// mod_stream_management: XEP-0198 acks and resumption (modules/mod_stream_management.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

#include "config/general_options.hpp"
#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct StaleH {
  bool enabled = false;
  std::chrono::seconds repeat_after{1800};
  std::chrono::seconds geriatric{3600};
};

struct StreamManagementOptions {
  static constexpr const char* kName = "mod_stream_management";
  Backend backend = Backend::kMnesia;
  bool buffer = true;
  std::optional<std::uint64_t> buffer_max = 100;  // nullopt: infinity
  bool ack = true;
  int ack_freq = 1;
  std::chrono::seconds resume_timeout{600};
  StaleH stale_h;
};

Section<StreamManagementOptions> stream_management_schema();

}  // namespace meerkat::config::modules
