// SPDX-License-Identifier: Apache-2.0
// mod_offline: XEP-0160 offline message storage (MongooseIM modules/mod_offline.md).
#pragma once

#include <string>

#include "config/general_options.hpp"
#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct OfflineOptions {
  static constexpr const char* kName = "mod_offline";
  std::string access_max_user_messages = "max_user_offline_messages";
  Backend backend = Backend::kMnesia;
  bool store_groupchat_messages = false;
};

Section<OfflineOptions> offline_schema();

}  // namespace meerkat::config::modules
