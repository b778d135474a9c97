// SPDX-License-Identifier: Apache-2.0
// mod_auth_token and mod_keystore: X-OAUTH tokens and the keys that sign them
// (MongooseIM modules/mod_auth_token.md, mod_keystore.md).
#pragma once

#include <string>
#include <vector>

#include "config/modules/fast_auth_token_options.hpp"
#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct AuthTokenValidity {
  Period access{1, TimeUnit::kHours};
  Period refresh{25, TimeUnit::kDays};
};

struct AuthTokenOptions {
  static constexpr const char* kName = "mod_auth_token";
  std::string backend = "rdbms";
  IqDisc iqdisc{IqDiscType::kNoQueue};
  AuthTokenValidity validity_period;
};

enum class KeyType { kFile, kRam };
struct KeystoreKey {
  std::string name;
  KeyType type = KeyType::kRam;
  std::string path;  // file keys only
};

struct KeystoreOptions {
  static constexpr const char* kName = "mod_keystore";
  int ram_key_size = 2048;
  std::vector<KeystoreKey> keys;
};

Section<AuthTokenOptions> auth_token_schema();
Section<KeystoreOptions> keystore_schema();

}  // namespace meerkat::config::modules
