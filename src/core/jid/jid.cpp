// SPDX-License-Identifier: Apache-2.0
#include "core/jid/jid.hpp"

#include <arpa/inet.h>
#include <stringprep.h>

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

namespace meerkat::jid {
namespace {

using Profile = const Stringprep_profile*;

// RFC 6122 Appendix A.5: characters Nodeprep prohibits besides spaces and controls.
bool is_node_forbidden_ascii(char c) {
  switch (c) {
    case '"':
    case '&':
    case '\'':
    case '/':
    case ':':
    case '<':
    case '>':
    case '@': return true;
    default: return false;
  }
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

bool is_control(unsigned char c) { return c < 0x20 || c == 0x7f; }

char to_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Well-formed UTF-8 (RFC 3629): no overlongs, no surrogates, nothing above U+10FFFF, no NUL.
bool is_valid_utf8(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size()) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0) return false;
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    std::uint32_t cp = 0;
    std::uint32_t min = 0;
    if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1F, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0F, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07, min = 0x10000;
    } else {
      return false;
    }
    if (i + len > s.size()) return false;
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + k]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += len;
  }
  return true;
}

Error malformed(std::string_view part, std::string_view why) {
  return Error::jid_malformed(std::string(part) + " " + std::string(why));
}

// Runs a libidn stringprep profile. Input must be valid UTF-8 without NUL.
Result<std::string> run_stringprep(std::string_view in, Profile profile, std::string_view part) {
  if (!is_valid_utf8(in)) return malformed(part, "is not valid UTF-8");
  // Preparation may grow the text (case folding ß → ss); anything past the limit is an error.
  std::vector<char> buf(std::max(in.size(), Jid::kMaxPartSize) + 2, '\0');
  std::copy(in.begin(), in.end(), buf.begin());
  int rc = stringprep(buf.data(), buf.size(), static_cast<Stringprep_profile_flags>(0), profile);
  if (rc == STRINGPREP_TOO_SMALL_BUFFER) return malformed(part, "is too long");
  if (rc != STRINGPREP_OK) {
    return malformed(part, std::string("is not allowed: ") +
                               stringprep_strerror(static_cast<Stringprep_rc>(rc)));
  }
  return std::string(buf.data());
}

Result<std::string> check_size(std::string out, std::string_view part) {
  if (out.empty()) return malformed(part, "is empty");
  if (out.size() > Jid::kMaxPartSize) return malformed(part, "is longer than 1023 bytes");
  return out;
}

// RFC 5890/STD3 hostname rules on the prepared domain: non-empty labels of letters, digits,
// '-' and '_' (seen in internal host names), not starting or ending with '-'.
std::optional<Error> check_labels(std::string_view domain) {
  std::size_t start = 0;
  while (start <= domain.size()) {
    std::size_t dot = domain.find('.', start);
    if (dot == std::string_view::npos) dot = domain.size();
    std::string_view label = domain.substr(start, dot - start);
    if (label.empty()) return malformed("domainpart", "has an empty label");
    if (label.front() == '-' || label.back() == '-') {
      return malformed("domainpart", "has a label starting or ending with '-'");
    }
    bool ascii = true;
    for (char c : label) {
      const auto u = static_cast<unsigned char>(c);
      if (u >= 0x80) {
        ascii = false;
      } else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
        return malformed("domainpart", "contains a character not allowed in host names");
      }
    }
    if (ascii && label.size() > 63) return malformed("domainpart", "has a label over 63 bytes");
    start = dot + 1;
  }
  return std::nullopt;
}

Result<std::string> prep_ip_literal(std::string_view domain) {
  if (domain.size() < 3 || domain.back() != ']')
    return malformed("domainpart", "is a bad IP literal");
  std::string inner(domain.substr(1, domain.size() - 2));
  std::array<unsigned char, 16> addr{};
  if (inet_pton(AF_INET6, inner.c_str(), addr.data()) != 1) {
    return malformed("domainpart", "is not a valid IPv6 address");
  }
  std::string out(domain);
  std::transform(out.begin(), out.end(), out.begin(), to_lower);
  return out;
}

}  // namespace

Result<std::string> Jid::nodeprep(std::string_view node) {
  if (node.empty()) return malformed("localpart", "is empty");
  if (!is_ascii(node)) {
    auto prepped = run_stringprep(node, stringprep_xmpp_nodeprep, "localpart");
    if (!prepped) return prepped.error();
    return check_size(std::move(*prepped), "localpart");
  }
  if (node.size() > kMaxPartSize) return malformed("localpart", "is longer than 1023 bytes");
  std::string out(node);
  for (char& c : out) {
    const auto u = static_cast<unsigned char>(c);
    if (is_control(u) || c == ' ' || is_node_forbidden_ascii(c)) {
      return malformed("localpart", "contains a forbidden character");
    }
    c = to_lower(c);
  }
  return out;
}

Result<std::string> Jid::resourceprep(std::string_view resource) {
  if (resource.empty()) return malformed("resourcepart", "is empty");
  if (!is_ascii(resource)) {
    auto prepped = run_stringprep(resource, stringprep_xmpp_resourceprep, "resourcepart");
    if (!prepped) return prepped.error();
    return check_size(std::move(*prepped), "resourcepart");
  }
  if (resource.size() > kMaxPartSize) return malformed("resourcepart", "is longer than 1023 bytes");
  if (std::any_of(resource.begin(), resource.end(),
                  [](char c) { return is_control(static_cast<unsigned char>(c)); })) {
    return malformed("resourcepart", "contains a control character");
  }
  return std::string(resource);
}

Result<std::string> Jid::nameprep(std::string_view domain) {
  // RFC 7622 §3.2: a final label separator is stripped before any use.
  if (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
  if (domain.empty()) return malformed("domainpart", "is empty");
  if (domain.front() == '[') return prep_ip_literal(domain);
  std::string out;
  if (is_ascii(domain)) {
    if (domain.size() > kMaxPartSize) return malformed("domainpart", "is longer than 1023 bytes");
    out.assign(domain);
    std::transform(out.begin(), out.end(), out.begin(), to_lower);
  } else {
    auto prepped = run_stringprep(domain, stringprep_nameprep, "domainpart");
    if (!prepped) return prepped.error();
    out = std::move(*prepped);
  }
  if (auto err = check_labels(out)) return *err;
  return check_size(std::move(out), "domainpart");
}

Result<Jid> Jid::make(std::string_view node, std::string_view domain, std::string_view resource) {
  Jid jid;
  if (!node.empty()) {
    auto n = nodeprep(node);
    if (!n) return n.error();
    jid.full_ = std::move(*n);
    jid.node_size_ = static_cast<std::uint16_t>(jid.full_.size());
    jid.full_ += '@';
  }
  auto d = nameprep(domain);
  if (!d) return d.error();
  jid.full_ += *d;
  jid.domain_size_ = static_cast<std::uint16_t>(d->size());
  if (!resource.empty()) {
    auto r = resourceprep(resource);
    if (!r) return r.error();
    jid.full_ += '/';
    jid.full_ += *r;
  }
  return jid;
}

Result<Jid> Jid::parse(std::string_view text) {
  std::string_view head = text;
  std::string_view resource;
  if (std::size_t slash = text.find('/'); slash != std::string_view::npos) {
    head = text.substr(0, slash);
    resource = text.substr(slash + 1);
    if (resource.empty()) return malformed("resourcepart", "is empty after '/'");
  }
  std::string_view node;
  std::string_view domain = head;
  if (std::size_t at = head.find('@'); at != std::string_view::npos) {
    node = head.substr(0, at);
    domain = head.substr(at + 1);
    if (node.empty()) return malformed("localpart", "is empty before '@'");
  }
  return make(node, domain, resource);
}

Jid Jid::bare() const {
  Jid jid;
  jid.full_.assign(full_, 0, domain_offset() + domain_size_);
  jid.node_size_ = node_size_;
  jid.domain_size_ = domain_size_;
  return jid;
}

Result<Jid> Jid::with_resource(std::string_view resource) const {
  auto r = resourceprep(resource);
  if (!r) return r.error();
  Jid jid = bare();
  jid.full_ += '/';
  jid.full_ += *r;
  return jid;
}

}  // namespace meerkat::jid
