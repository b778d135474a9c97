// SPDX-License-Identifier: Apache-2.0
// mod_last: XEP-0012 last activity (MongooseIM modules/mod_last.md).
#pragma once

#include "config/general_options.hpp"
#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct LastOptions {
  static constexpr const char* kName = "mod_last";
  IqDisc iqdisc;
  Backend backend = Backend::kMnesia;
};

Section<LastOptions> last_schema();

}  // namespace meerkat::config::modules
