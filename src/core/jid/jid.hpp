// SPDX-License-Identifier: Apache-2.0
// XMPP addresses (core layer): parsing and preparation per RFC 7622 §3, using the RFC 6122
// stringprep profiles (Nodeprep, Nameprep, Resourceprep) from libidn, with an ASCII fast path.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/error/error.hpp"

namespace meerkat::jid {

// A prepared JID, `node@domain/resource`, stored as one string and two offsets. Two Jids are
// equal when their prepared forms are byte-equal. A default-constructed Jid is empty (invalid).
class Jid {
 public:
  static constexpr std::size_t kMaxPartSize = 1023;  // bytes, per part (RFC 7622 §3.2–§3.4)

  Jid() = default;

  // Splits at the first '/' (the resource may contain '@' and '/') and then at the first '@'.
  static Result<Jid> parse(std::string_view text);
  // Prepares and joins the parts; empty node or resource means none.
  static Result<Jid> make(std::string_view node, std::string_view domain,
                          std::string_view resource = {});

  // The per-part preparation, also for callers that handle parts alone (config hosts, nicks).
  // nameprep also strips one trailing dot, accepts IP literals ([::1], 127.0.0.1) and checks
  // labels.
  static Result<std::string> nodeprep(std::string_view node);
  static Result<std::string> nameprep(std::string_view domain);
  static Result<std::string> resourceprep(std::string_view resource);

  std::string_view node() const { return std::string_view(full_).substr(0, node_size_); }
  std::string_view domain() const {
    return std::string_view(full_).substr(domain_offset(), domain_size_);
  }
  std::string_view resource() const {
    std::size_t end = domain_offset() + domain_size_;
    return end < full_.size() ? std::string_view(full_).substr(end + 1) : std::string_view();
  }
  bool empty() const { return full_.empty(); }
  bool has_node() const { return node_size_ != 0; }
  bool is_bare() const { return domain_offset() + domain_size_ == full_.size(); }
  // node@domain, without the resource.
  Jid bare() const;
  // The same, as a view into this JID: no allocation.
  std::string_view bare_view() const {
    return std::string_view(full_).substr(0, domain_offset() + domain_size_);
  }
  // The bare JID with `resource` (prepared) as its resource.
  Result<Jid> with_resource(std::string_view resource) const;

  const std::string& to_string() const { return full_; }
  std::size_t hash() const { return std::hash<std::string>{}(full_); }

  friend bool operator==(const Jid& a, const Jid& b) { return a.full_ == b.full_; }
  friend std::strong_ordering operator<=>(const Jid& a, const Jid& b) {
    return a.full_.compare(b.full_) <=> 0;
  }

 private:
  std::size_t domain_offset() const { return node_size_ == 0 ? 0 : node_size_ + 1u; }

  std::string full_;
  std::uint16_t node_size_ = 0;
  std::uint16_t domain_size_ = 0;
};

}  // namespace meerkat::jid

template <>
struct std::hash<meerkat::jid::Jid> {
  std::size_t operator()(const meerkat::jid::Jid& jid) const noexcept { return jid.hash(); }
};
