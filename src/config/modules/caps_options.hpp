// SPDX-License-Identifier: Apache-2.0
// mod_caps: XEP-0115 entity capabilities (MongooseIM modules/mod_caps.md).
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "config/general_options.hpp"
#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct CapsOptions {
  static constexpr const char* kName = "mod_caps";
  Backend backend = Backend::kCets;
  std::chrono::milliseconds iq_response_timeout{5000};
  std::vector<std::string> versions{"v1", "v2"};
};

Section<CapsOptions> caps_schema();

}  // namespace meerkat::config::modules
