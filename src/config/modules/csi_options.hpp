// SPDX-License-Identifier: Apache-2.0
// mod_csi: XEP-0352 client state indication (MongooseIM modules/mod_csi.md).
#pragma once

#include <cstdint>
#include <optional>

#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct CsiOptions {
  static constexpr const char* kName = "mod_csi";
  std::optional<std::uint64_t> buffer_max = 20;  // nullopt: infinity
};

Section<CsiOptions> csi_schema();

}  // namespace meerkat::config::modules
