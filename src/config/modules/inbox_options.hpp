// SPDX-License-Identifier: Apache-2.0
// mod_inbox: the inbox extension (MongooseIM modules/mod_inbox.md) and mod_smart_markers
// (chat marker queries, modules/mod_smart_markers.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/general_options.hpp"
#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct InboxAsyncWriter {
  std::optional<int> pool_size;  // unset: 2 per CPU core
};

struct InboxOptions {
  static constexpr const char* kName = "mod_inbox";
  Backend backend = Backend::kRdbms;
  InboxAsyncWriter async_writer;
  std::vector<std::string> boxes;
  std::chrono::days bin_ttl{30};
  std::chrono::hours bin_clean_after{1};
  std::optional<std::uint64_t> delete_domain_limit;  // nullopt: infinity
  std::vector<std::string> reset_markers{"displayed"};
  std::vector<std::string> groupchat{"muclight"};
  bool aff_changes = true;
  bool remove_on_kicked = true;
  IqDisc iqdisc{IqDiscType::kNoQueue};
  std::optional<std::uint64_t> max_result_limit;  // nullopt: infinity
};

struct SmartMarkersOptions {
  static constexpr const char* kName = "mod_smart_markers";
  IqDisc iqdisc{IqDiscType::kNoQueue};
  Backend backend = Backend::kRdbms;
  bool keep_private = false;
};

Section<InboxOptions> inbox_schema();
Section<SmartMarkersOptions> smart_markers_schema();

}  // namespace meerkat::config::modules
