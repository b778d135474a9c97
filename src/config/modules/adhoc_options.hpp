// SPDX-License-Identifier: Apache-2.0
// mod_adhoc: XEP-0050 ad-hoc commands (MongooseIM modules/mod_adhoc.md).
#pragma once

#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct AdhocOptions {
  static constexpr const char* kName = "mod_adhoc";
  IqDisc iqdisc;
  bool report_commands_node = false;
};

Section<AdhocOptions> adhoc_schema();

}  // namespace meerkat::config::modules
