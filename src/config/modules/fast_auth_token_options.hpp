// SPDX-License-Identifier: Apache-2.0
// mod_fast_auth_token: XEP-0484 FAST tokens (MongooseIM modules/mod_fast_auth_token.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

enum class TimeUnit { kDays, kHours, kMinutes, kSeconds };

struct Period {
  std::int64_t value = 0;
  TimeUnit unit = TimeUnit::kDays;

  std::chrono::seconds seconds() const {
    switch (unit) {
      case TimeUnit::kDays: return std::chrono::days{value};
      case TimeUnit::kHours: return std::chrono::hours{value};
      case TimeUnit::kMinutes: return std::chrono::minutes{value};
      case TimeUnit::kSeconds: break;
    }
    return std::chrono::seconds{value};
  }
};

struct TokenValidity {
  Period access{3, TimeUnit::kDays};
  Period rotate_before_expire{6, TimeUnit::kHours};
};

struct FastAuthTokenOptions {
  static constexpr const char* kName = "mod_fast_auth_token";
  std::string backend = "rdbms";
  TokenValidity validity_period;
};

Section<Period> period_schema();
Section<FastAuthTokenOptions> fast_auth_token_schema();

}  // namespace meerkat::config::modules
