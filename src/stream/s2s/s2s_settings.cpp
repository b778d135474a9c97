// SPDX-License-Identifier: Apache-2.0
#include "stream/s2s/s2s_settings.hpp"

#include <algorithm>

namespace meerkat::stream::s2s {

bool S2sSettings::allows(std::string_view domain) const {
  for (const auto& rule : options.host_policy) {
    if (rule.host == domain) return rule.policy == config::S2sPolicy::kAllow;
  }
  return options.default_policy == config::S2sPolicy::kAllow;
}

bool S2sSettings::is_local(std::string_view domain) const {
  return std::find(hosts.begin(), hosts.end(), domain) != hosts.end();
}

bool S2sSettings::tls_required() const {
  const auto& tls = options.outgoing.tls;
  return tls && tls->mode != config::TlsMode::kStarttls;
}

}  // namespace meerkat::stream::s2s
