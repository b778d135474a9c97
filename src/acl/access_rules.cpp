// SPDX-License-Identifier: Apache-2.0
#include "acl/access_rules.hpp"

#include <algorithm>

namespace meerkat::acl {

namespace {

// Shell globs (MongooseIM *_glob): '*' any run, '?' one character; the rest is literal.
std::regex glob_to_regex(std::string_view glob) {
  std::string pattern;
  for (char c : glob) {
    if (c == '*') {
      pattern += ".*";
    } else if (c == '?') {
      pattern += '.';
    } else if (std::string_view("\\^$.|+()[]{}").find(c) != std::string_view::npos) {
      pattern += '\\';
      pattern += c;
    } else {
      pattern += c;
    }
  }
  return std::regex(pattern, std::regex::ECMAScript | std::regex::optimize);
}

std::optional<std::regex> compile(const std::optional<std::string>& regexp) {
  if (!regexp) return std::nullopt;
  return std::regex(*regexp, std::regex::ECMAScript | std::regex::optimize);
}

std::optional<std::regex> compile_glob(const std::optional<std::string>& glob) {
  if (!glob) return std::nullopt;
  return glob_to_regex(*glob);
}

bool fits(const std::optional<std::regex>& re, std::string_view text) {
  return !re || std::regex_search(text.begin(), text.end(), *re);
}

bool fits_glob(const std::optional<std::regex>& re, std::string_view text) {
  return !re || std::regex_match(text.begin(), text.end(), *re);
}

bool fits(const std::optional<std::string>& exact, std::string_view text) {
  return !exact || *exact == text;
}

}  // namespace

AccessRules::AccessRules(const config::AclMap& acl, const config::AccessMap& access,
                         std::vector<std::string> hosts)
    : rules_(access), hosts_(std::move(hosts)) {
  for (const auto& [name, patterns] : acl) {
    auto& compiled = classes_[name];
    for (const auto& spec : patterns) {
      compiled.push_back(Pattern{spec, compile(spec.user_regexp), compile(spec.server_regexp),
                                 compile(spec.resource_regexp), compile_glob(spec.user_glob),
                                 compile_glob(spec.server_glob),
                                 compile_glob(spec.resource_glob)});
    }
  }
}

bool AccessRules::matches(const Pattern& p, const jid::Jid& who, std::string_view host) const {
  using config::AclMatch;
  const auto& spec = p.spec;
  switch (spec.match) {
    case AclMatch::kNone: return false;
    case AclMatch::kAll: break;
    case AclMatch::kCurrentDomain:
      // The domain condition is implied unless the pattern names a server itself.
      if (!spec.server && !spec.server_regexp && !spec.server_glob && who.domain() != host) {
        return false;
      }
      break;
    case AclMatch::kAnyHostedDomain:
      if (hosted_ ? !hosted_(who.domain())
                  : std::find(hosts_.begin(), hosts_.end(), who.domain()) == hosts_.end()) {
        return false;
      }
      break;
  }
  return fits(spec.user, who.node()) && fits(spec.server, who.domain()) &&
         fits(spec.resource, who.resource()) && fits(p.user_regexp, who.node()) &&
         fits(p.server_regexp, who.domain()) && fits(p.resource_regexp, who.resource()) &&
         fits_glob(p.user_glob, who.node()) && fits_glob(p.server_glob, who.domain()) &&
         fits_glob(p.resource_glob, who.resource());
}

bool AccessRules::matches(std::string_view acl_name, const jid::Jid& who,
                          std::string_view host) const {
  if (acl_name == "all") return true;
  if (acl_name == "none") return false;
  auto it = classes_.find(acl_name);
  if (it == classes_.end()) return false;
  return std::any_of(it->second.begin(), it->second.end(),
                     [&](const Pattern& p) { return matches(p, who, host); });
}

std::optional<config::AccessValue> AccessRules::evaluate(std::string_view rule,
                                                         const jid::Jid& who,
                                                         std::string_view host) const {
  if (rule == "all") return config::AccessValue(std::string("allow"));
  if (rule == "none") return config::AccessValue(std::string("deny"));
  auto it = rules_.find(std::string(rule));
  if (it == rules_.end()) return std::nullopt;
  for (const auto& clause : it->second) {
    if (matches(clause.acl, who, host)) return clause.value;
  }
  return std::nullopt;
}

bool AccessRules::allows(std::string_view rule, const jid::Jid& who, std::string_view host) const {
  auto value = evaluate(rule, who, host);
  auto* text = value ? std::get_if<std::string>(&*value) : nullptr;
  return text && *text == "allow";
}

}  // namespace meerkat::acl
