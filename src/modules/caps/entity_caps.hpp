// SPDX-License-Identifier: Apache-2.0
// Entity capabilities in presence: the caps a client announces (XEP-0115 <c/> and XEP-0390
// hash sets), the disco#info node to ask it for, and the verification of its answer against
// the announced hash, so one client cannot poison what the server believes of others.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/xml/element.hpp"

namespace meerkat::modules::caps {

enum class CapsVersion { kV1, kV2 };

// One announced capability hash.
struct CapsRef {
  CapsVersion version = CapsVersion::kV1;
  std::string node;  // v1: the client's node attribute
  std::string algo;  // v1: the hash attribute, empty for legacy (unhashed) caps; v2: algo
  std::string hash;  // v1: ver; v2: the base64 hash value

  // Names the feature set: equal keys mean the same features, whatever client sent them.
  // Legacy caps are keyed by node as well, since only the client vouches for them.
  std::string key() const;
  // The disco#info node to query the client on (XEP-0115 §6.2, XEP-0390 §3.3).
  std::string query_node() const;
};

// The caps of `presence` in the preference order of `versions` (v1 first by default); only
// hashes with an algorithm the server can verify are returned, plus legacy v1 caps.
std::vector<CapsRef> caps_of(const xml::Element& presence,
                             const std::vector<CapsVersion>& versions);

// Whether `query` (a disco#info result) hashes to `ref`'s announced value. Legacy caps have
// no hash to check and are accepted.
bool verify(const CapsRef& ref, const xml::Element& query);

// The hash of a disco#info result as XEP-0115 §5 (v1) or XEP-0390 §4 (v2) compute it; nullopt
// for an algorithm the server does not know or a result the algorithm rejects.
std::optional<std::string> caps_hash(CapsVersion version, std::string_view algo,
                                     const xml::Element& query);

// The sorted feature list of a disco#info result.
std::vector<std::string> features_of(const xml::Element& query);

}  // namespace meerkat::modules::caps
