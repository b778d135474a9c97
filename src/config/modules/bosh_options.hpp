// SPDX-License-Identifier: Apache-2.0
// mod_bosh: BOSH sessions, the module form of services.service_bosh in older configs.
#pragma once

#include <chrono>
#include <optional>

#include "config/general_options.hpp"
#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct BoshOptions {
  static constexpr const char* kName = "mod_bosh";
  Backend backend = Backend::kMnesia;
  std::optional<std::chrono::seconds> inactivity = std::chrono::seconds{30};  // nullopt: infinity
  std::optional<std::chrono::seconds> max_wait;                               // nullopt: infinity
  bool server_acks = false;
  std::chrono::seconds max_pause{120};
};

Section<BoshOptions> bosh_schema();

}  // namespace meerkat::config::modules
