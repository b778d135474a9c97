// SPDX-License-Identifier: Apache-2.0
// mod_private: XEP-0049 private XML storage (MongooseIM modules/mod_private.md).
#pragma once

#include "config/general_options.hpp"
#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct PrivateOptions {
  static constexpr const char* kName = "mod_private";
  IqDisc iqdisc;
  Backend backend = Backend::kMnesia;
};

Section<PrivateOptions> private_schema();

}  // namespace meerkat::config::modules
