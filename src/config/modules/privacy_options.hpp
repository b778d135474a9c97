// SPDX-License-Identifier: Apache-2.0
// mod_privacy and mod_blocking: XEP-0016 privacy lists, XEP-0191 blocking command
// (MongooseIM modules/mod_privacy.md, mod_blocking.md; blocking takes privacy's options).
#pragma once

#include "config/general_options.hpp"
#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct PrivacyOptions {
  static constexpr const char* kName = "mod_privacy";
  Backend backend = Backend::kMnesia;
};

struct BlockingOptions {
  static constexpr const char* kName = "mod_blocking";
  Backend backend = Backend::kMnesia;
};

Section<PrivacyOptions> privacy_schema();
Section<BlockingOptions> blocking_schema();

}  // namespace meerkat::config::modules
