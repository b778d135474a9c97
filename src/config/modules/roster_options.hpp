// SPDX-License-Identifier: Apache-2.0
// mod_roster: RFC 6121 rosters with XEP-0237 versioning (MongooseIM modules/mod_roster.md).
#pragma once

#include "config/general_options.hpp"
#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct RosterOptions {
  static constexpr const char* kName = "mod_roster";
  IqDisc iqdisc;
  bool versioning = false;
  bool store_current_id = false;
  Backend backend = Backend::kMnesia;
};

Section<RosterOptions> roster_schema();

}  // namespace meerkat::config::modules
