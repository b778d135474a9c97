// SPDX-License-Identifier: Apache-2.0
// mod_cache_users: a segmented cache of user existence (modules/mod_cache_users.md);
// its options also configure other caches (mod_muc_light.cache_affs).
#pragma once

#include <chrono>
#include <optional>

#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

enum class CacheStrategy { kFifo, kLru };

struct CacheOptions {
  CacheStrategy strategy = CacheStrategy::kFifo;
  std::optional<std::chrono::minutes> time_to_live =
      std::chrono::minutes{480};  // nullopt: infinity
  int number_of_segments = 3;
};

struct CacheUsersOptions {
  static constexpr const char* kName = "mod_cache_users";
  CacheOptions cache;
};

Section<CacheOptions> cache_schema();
Section<CacheUsersOptions> cache_users_schema();

}  // namespace meerkat::config::modules
