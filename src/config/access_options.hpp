// SPDX-License-Identifier: Apache-2.0
// Typed options of the `shaper`, `acl` and `access` sections (MongooseIM shaper.md, acl.md,
// access.md): named traffic shapers, access classes and the rules that map classes to values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace meerkat::config {

struct ShaperOptions {
  std::uint64_t max_rate = 0;  // required; bytes per second for XMPP listeners
};

enum class AclMatch { kAll, kCurrentDomain, kAnyHostedDomain, kNone };

// One pattern of an access class: every condition that is set must hold.
struct AclPattern {
  AclMatch match = AclMatch::kCurrentDomain;
  std::optional<std::string> user;
  std::optional<std::string> server;
  std::optional<std::string> resource;
  std::optional<std::string> user_regexp;
  std::optional<std::string> server_regexp;
  std::optional<std::string> resource_regexp;
  std::optional<std::string> user_glob;
  std::optional<std::string> server_glob;
  std::optional<std::string> resource_glob;
};

// What a rule returns: "allow", "deny", a shaper name, or a number.
using AccessValue = std::variant<std::string, std::int64_t>;

struct AccessClause {
  std::string acl;  // an access class, or "all"
  AccessValue value;
};

using ShaperMap = std::map<std::string, ShaperOptions>;
using AclMap = std::map<std::string, std::vector<AclPattern>>;       // class → union of patterns
using AccessMap = std::map<std::string, std::vector<AccessClause>>;  // rule → clauses in order

}  // namespace meerkat::config
