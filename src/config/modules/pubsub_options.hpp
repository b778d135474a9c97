// SPDX-License-Identifier: Apache-2.0
// mod_pubsub: XEP-0163 personal eventing (MongooseIM modules/mod_pubsub.md).
#pragma once

#include <cstdint>
#include <optional>

#include "config/general_options.hpp"
#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

enum class PubsubAccessModel { kPresence, kOpen };

struct PubsubNodeConfig {
  PubsubAccessModel access_model = PubsubAccessModel::kPresence;
  std::optional<std::uint64_t> max_items;  // nullopt: infinity
};

struct PubsubOptions {
  static constexpr const char* kName = "mod_pubsub";
  Backend backend = Backend::kRdbms;
  std::optional<std::uint64_t> max_items_per_node;  // nullopt: infinity
  PubsubNodeConfig default_node_config;
  IqDisc iqdisc{IqDiscType::kNoQueue};
};

Section<PubsubOptions> pubsub_schema();

}  // namespace meerkat::config::modules
