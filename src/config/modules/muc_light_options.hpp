// SPDX-License-Identifier: Apache-2.0
// mod_muc_light: MUC Light group chats (MongooseIM modules/mod_muc_light.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "config/general_options.hpp"
#include "config/modules/cache_users_options.hpp"
#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

// One configurable room field; exactly one typed default is given.
struct MucLightConfigField {
  using Value = std::variant<std::string, std::int64_t, double, bool>;
  std::string field;
  Value value;
  std::optional<std::string> internal_key;  // unset: same as field
};

struct MucLightOptions {
  static constexpr const char* kName = "mod_muc_light";
  std::string host = "muclight.@HOST@";
  Backend backend = Backend::kMnesia;
  std::optional<CacheOptions> cache_affs;  // set: cache affiliations
  bool equal_occupants = false;
  std::optional<std::uint64_t> rooms_per_user;  // nullopt: infinity
  bool blocking = true;
  bool all_can_configure = false;
  bool all_can_invite = false;
  std::optional<std::uint64_t> max_occupants;        // nullopt: infinity
  std::optional<std::uint64_t> rooms_per_page = 10;  // nullopt: infinity
  bool rooms_in_rosters = false;
  bool allow_multiple_owners = false;
  bool promote_on_last_owner_leave = true;
  std::vector<MucLightConfigField> config_schema{
      MucLightConfigField{"roomname", std::string("Untitled"), std::nullopt},
      MucLightConfigField{"subject", std::string(), std::nullopt}};
};

Section<MucLightOptions> muc_light_schema();

}  // namespace meerkat::config::modules
