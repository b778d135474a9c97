// SPDX-License-Identifier: Apache-2.0
// mod_global_distrib: one XMPP domain across data centres (modules/mod_global_distrib.md).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/modules/iq_disc.hpp"

namespace meerkat::config::modules {

struct GdEndpoint {
  std::string host;
  std::uint16_t port = 0;
};

struct GdTls {
  std::string certfile;    // required
  std::string cacertfile;  // required
  std::optional<std::string> keyfile;
  std::optional<std::string> ciphers;
  std::optional<std::string> dhfile;
};

struct GdConnections {
  std::vector<GdEndpoint> endpoints{GdEndpoint{"LocalHost", 5555}};
  std::optional<std::vector<GdEndpoint>> advertised_endpoints;  // unset: endpoints
  int connections_per_endpoint = 1;
  std::chrono::seconds endpoint_refresh_interval{60};
  std::chrono::seconds endpoint_refresh_interval_when_empty{3};
  std::chrono::seconds disabled_gc_interval{60};
  std::optional<GdTls> tls;
};

struct GdRedis {
  std::string pool = "global_distrib";
  std::chrono::seconds expire_after{120};
  std::chrono::seconds refresh_after{60};
};

struct GdCache {
  bool cache_missed = true;
  std::chrono::seconds domain_lifetime_seconds{600};
  std::chrono::seconds jid_lifetime_seconds{5};
  int max_jids = 10000;
};

struct GdBounce {
  bool enabled = true;
  std::chrono::milliseconds resend_after_ms{200};
  int max_retries = 4;
};

struct GlobalDistribOptions {
  static constexpr const char* kName = "mod_global_distrib";
  std::string global_host;  // required
  std::string local_host;   // required
  int message_ttl = 4;
  std::chrono::milliseconds hosts_refresh_interval{3000};
  GdConnections connections;
  GdRedis redis;
  GdCache cache;
  GdBounce bounce;
};

Section<GlobalDistribOptions> global_distrib_schema();

}  // namespace meerkat::config::modules
