// SPDX-License-Identifier: Apache-2.0
#include "config/validators.hpp"

#include <arpa/inet.h>

#include <cctype>

#include "core/jid/jid.hpp"

namespace meerkat::config {

Validator positive() { return Validator(Validator::Kind::kPositive); }
Validator non_negative() { return Validator(Validator::Kind::kNonNegative); }
Validator port() { return Validator(Validator::Kind::kPort); }
Validator non_empty() { return Validator(Validator::Kind::kNonEmpty); }
Validator one_of(std::initializer_list<Choice> choices) {
  return Validator(Validator::Kind::kOneOf, std::vector<Choice>(choices));
}
Validator jid() { return Validator(Validator::Kind::kJid); }
Validator domain() { return Validator(Validator::Kind::kDomain); }
Validator ip_address() { return Validator(Validator::Kind::kIpAddress); }
Validator file_readable() { return Validator(Validator::Kind::kFileReadable); }
Validator url() { return Validator(Validator::Kind::kUrl); }
Validator or_infinity() { return Validator(Validator::Kind::kOrInfinity); }

std::string domain_problem(std::string_view text) {
  auto prepared = jid::Jid::nameprep(text);
  return prepared ? std::string() : prepared.error().text;
}

std::string jid_problem(std::string_view text) {
  auto parsed = jid::Jid::parse(text);
  return parsed ? std::string() : parsed.error().text;
}

bool is_domain_name(std::string_view text) { return domain_problem(text).empty(); }
bool is_jid(std::string_view text) { return jid_problem(text).empty(); }

int ip_address_version(std::string_view text) {
  std::string s(text);
  unsigned char buf[16];
  if (inet_pton(AF_INET, s.c_str(), buf) == 1) return 4;
  if (inet_pton(AF_INET6, s.c_str(), buf) == 1) return 6;
  return 0;
}

bool is_url(std::string_view text) {
  auto sep = text.find("://");
  if (sep == std::string_view::npos || sep == 0) return false;
  auto scheme = text.substr(0, sep);
  if (!std::isalpha(static_cast<unsigned char>(scheme.front()))) return false;
  for (unsigned char c : scheme) {
    if (!(std::isalnum(c) || c == '+' || c == '-' || c == '.')) return false;
  }
  auto rest = text.substr(sep + 3);
  auto authority = rest.substr(0, rest.find_first_of("/?#"));
  if (authority.empty()) return false;
  for (unsigned char c : rest) {
    if (std::isspace(c) || c < 0x20) return false;
  }
  return true;
}

}  // namespace meerkat::config
