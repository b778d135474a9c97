// SPDX-License-Identifier: Apache-2.0
// mod_vcard: XEP-0054 vcard-temp and XEP-0055 search (MongooseIM modules/mod_vcard.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/auth_options.hpp"
#include "config/general_options.hpp"
#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct VcardLdapMapping {
  std::string vcard_field;
  std::string ldap_pattern;
  std::string ldap_field;
};
struct VcardLdapSearchField {
  std::string search_field;
  std::string ldap_field;
};
struct VcardLdapReported {
  std::string search_field;
  std::string vcard_field;
};
enum class VcardSearchOperator { kOr, kAnd };

struct VcardLdapOptions {
  std::string pool_tag = "default";
  std::optional<std::string> base;
  std::vector<LdapUid> uids{LdapUid{"uid", "%u"}};
  std::optional<std::string> filter;
  LdapDeref deref = LdapDeref::kNever;
  std::vector<VcardLdapMapping> vcard_map;          // empty: the built-in mapping
  std::vector<VcardLdapSearchField> search_fields;  // empty: the built-in fields
  std::vector<VcardLdapReported> search_reported;   // empty: the built-in fields
  VcardSearchOperator search_operator = VcardSearchOperator::kAnd;
  std::vector<std::string> binary_search_fields;
};

struct VcardOptions {
  static constexpr const char* kName = "mod_vcard";
  IqDisc iqdisc{IqDiscType::kParallel};
  std::string host = "vjud.@HOST@";
  bool search = true;
  Backend backend = Backend::kMnesia;
  std::optional<std::uint64_t> matches = 30;  // nullopt: infinity
  VcardLdapOptions ldap;
};

Section<VcardOptions> vcard_schema();

}  // namespace meerkat::config::modules
