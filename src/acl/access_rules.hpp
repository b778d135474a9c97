// SPDX-License-Identifier: Apache-2.0
// Access classes and rules (MongooseIM acl.md and access.md): an access class matches JIDs by
// patterns; a rule maps the first matching class to a value ("allow", "deny", a shaper name or
// a number). Patterns are compiled once; evaluation takes no lock.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <vector>

#include "config/access_options.hpp"
#include "core/jid/jid.hpp"

namespace meerkat::acl {

class AccessRules {
 public:
  AccessRules(const config::AclMap& acl, const config::AccessMap& access,
              std::vector<std::string> hosts);

  // The value of `rule` for `who` on `host`; nullopt when no clause matches. The rule names
  // "all" (always "allow") and "none" (always "deny") need no definition, as in MongooseIM.
  std::optional<config::AccessValue> evaluate(std::string_view rule, const jid::Jid& who,
                                              std::string_view host) const;
  // Whether `rule` gives "allow"; an undefined rule or no matching clause denies.
  bool allows(std::string_view rule, const jid::Jid& who, std::string_view host) const;
  // Whether `who` is in access class `acl_name` on `host` ("all" and "none" are built in).
  bool matches(std::string_view acl_name, const jid::Jid& who, std::string_view host) const;
  // Where domains are added at run time (dynamic domains), `match = "any_hosted_domain"`
  // asks `hosted` instead of the hosts given at construction.
  void set_hosted(std::function<bool(std::string_view)> hosted) { hosted_ = std::move(hosted); }

 private:
  struct Pattern {
    config::AclPattern spec;
    std::optional<std::regex> user_regexp, server_regexp, resource_regexp;
    std::optional<std::regex> user_glob, server_glob, resource_glob;
  };
  bool matches(const Pattern& pattern, const jid::Jid& who, std::string_view host) const;

  std::map<std::string, std::vector<Pattern>, std::less<>> classes_;
  const config::AccessMap& rules_;
  std::vector<std::string> hosts_;
  std::function<bool(std::string_view)> hosted_;
};

}  // namespace meerkat::acl
