// SPDX-License-Identifier: Apache-2.0
// Modules without options: mod_amp (XEP-0079 advanced message processing), mod_offline_stub
// (no service-unavailable errors for offline recipients) and mod_domain_isolation (no traffic
// between hosted domains); MongooseIM modules/mod_amp.md, mod_offline_stub.md,
// mod_domain_isolation.md.
#pragma once

#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct AmpOptions {
  static constexpr const char* kName = "mod_amp";
};
struct OfflineStubOptions {
  static constexpr const char* kName = "mod_offline_stub";
};
struct DomainIsolationOptions {
  static constexpr const char* kName = "mod_domain_isolation";
};

Section<AmpOptions> amp_schema();
Section<OfflineStubOptions> offline_stub_schema();
Section<DomainIsolationOptions> domain_isolation_schema();

}  // namespace meerkat::config::modules
