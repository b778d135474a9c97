// SPDX-License-Identifier: Apache-2.0
#include "config/validators.hpp"

#include <arpa/inet.h>

#include <cctype>

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

namespace {

bool is_label(std::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  for (unsigned char c : label) {
    // Bytes >= 0x80 are UTF-8 of an internationalised name; nameprep will judge them.
    if (!(std::isalnum(c) || c == '-' || c == '_' || c >= 0x80)) return false;
  }
  return true;
}

}  // namespace

bool is_domain_name(std::string_view text) {
  if (text.empty() || text.size() > 1023) return false;
  if (ip_address_version(text) != 0) return true;  // RFC 7622 §3.2: an IP literal is a domain
  if (text.front() == '[' && text.back() == ']') {
    return ip_address_version(text.substr(1, text.size() - 2)) == 6;
  }
  std::size_t start = 0;
  while (true) {
    auto dot = text.find('.', start);
    auto label = text.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (!is_label(label)) return false;
    if (dot == std::string_view::npos) return true;
    start = dot + 1;
  }
}

bool is_jid(std::string_view text) {
  // RFC 7622 §3.1: [ localpart "@" ] domainpart [ "/" resourcepart ]
  auto slash = text.find('/');
  auto bare = text.substr(0, slash);
  if (slash != std::string_view::npos) {
    auto resource = text.substr(slash + 1);
    if (resource.empty() || resource.size() > 1023) return false;
  }
  auto at = bare.find('@');
  auto domain_part = bare;
  if (at != std::string_view::npos) {
    auto local = bare.substr(0, at);
    if (local.empty() || local.size() > 1023) return false;
    for (char c : local) {
      if (std::string_view("\"&'/:<>@ ").find(c) != std::string_view::npos) return false;
    }
    domain_part = bare.substr(at + 1);
  }
  return is_domain_name(domain_part);
}

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
