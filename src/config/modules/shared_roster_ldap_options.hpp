// SPDX-License-Identifier: Apache-2.0
// mod_shared_roster_ldap: roster groups from LDAP (modules/mod_shared_roster_ldap.md), and
// mod_blocklist, mod_broadcast, mod_external_filter (admin blocklist, broadcasts, external
// message filter).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "config/auth_options.hpp"
#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct SharedRosterLdapOptions {
  static constexpr const char* kName = "mod_shared_roster_ldap";
  std::string pool_tag = "default";
  std::optional<std::string> base;
  LdapDeref deref = LdapDeref::kNever;
  std::string groupattr = "cn";
  std::optional<std::string> groupdesc;  // unset: groupattr
  std::string userdesc = "cn";
  std::string useruid = "cn";
  std::string memberattr = "memberUid";
  std::string memberattr_format = "%u";
  std::string memberattr_format_re;
  bool auth_check = true;
  std::chrono::seconds user_cache_validity{300};
  std::chrono::seconds group_cache_validity{300};
  int user_cache_size = 1000;
  int group_cache_size = 1000;
  std::string rfilter;
  std::string gfilter;
  std::string ufilter;
  std::string filter;
};

struct BlocklistOptions {
  static constexpr const char* kName = "mod_blocklist";
  std::string backend = "rdbms";
};

struct BroadcastOptions {
  static constexpr const char* kName = "mod_broadcast";
  std::string backend = "rdbms";
  std::chrono::seconds lease_time{600};
};

struct ExternalFilterOptions {
  static constexpr const char* kName = "mod_external_filter";
  std::string pool_tag;  // required
};

Section<SharedRosterLdapOptions> shared_roster_ldap_schema();
Section<BlocklistOptions> blocklist_schema();
Section<BroadcastOptions> broadcast_schema();
Section<ExternalFilterOptions> external_filter_schema();

}  // namespace meerkat::config::modules
