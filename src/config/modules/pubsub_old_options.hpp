// SPDX-License-Identifier: Apache-2.0
// mod_pubsub_old: XEP-0060 publish-subscribe with node plugins (modules/mod_pubsub_old.md).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "config/general_options.hpp"
#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct PepMapping {
  std::string namespace_;  // key "namespace"
  std::string node;
};

using NodeConfigValue = std::variant<std::string, bool, std::int64_t>;

struct PubsubOldOptions {
  static constexpr const char* kName = "mod_pubsub_old";
  IqDisc iqdisc;
  std::string host = "pubsub.@HOST@";
  Backend backend = Backend::kMnesia;
  std::string access_createnode = "all";
  int max_items_node = 10;
  std::optional<int> max_subscriptions_node;  // unset: no limit
  std::string nodetree = "tree";
  bool ignore_pep_from_offline = true;
  std::string last_item_cache = "false";  // "mnesia", "rdbms" or "false"
  std::vector<std::string> plugins{"flat"};
  std::vector<PepMapping> pep_mapping;
  std::map<std::string, NodeConfigValue> default_node_config;
  bool item_publisher = false;
  bool sync_broadcast = false;
};

Section<PubsubOldOptions> pubsub_old_schema();

}  // namespace meerkat::config::modules
