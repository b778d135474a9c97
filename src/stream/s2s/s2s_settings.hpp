// SPDX-License-Identifier: Apache-2.0
// What every s2s stream, incoming or outgoing, reads: the `s2s` section, the served hosts, the
// dialback secret and the shared TLS contexts. Built once at start-up.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "auth/authenticator.hpp"
#include "config/config.hpp"
#include "net/connection_registry.hpp"
#include "net/shard_pool.hpp"
#include "net/spawn.hpp"
#include "router/router.hpp"

namespace meerkat::stream::s2s {

struct S2sSettings {
  config::S2sOptions options;
  std::vector<std::string> hosts;
  std::string language = "en";
  std::string secret;  // s2s.shared, or random bytes chosen at start
  router::Router* router = nullptr;
  auth::Authenticator* authenticator = nullptr;  // access rules for shapers
  const config::ShaperMap* shapers = nullptr;
  net::ConnectionRegistry* registry = nullptr;
  net::TaskGroup* tasks = nullptr;
  net::ShardPool* shards = nullptr;
  // s2s.outgoing.tls (see outgoing_tls()); null: outgoing streams stay in clear text.
  std::shared_ptr<boost::asio::ssl::context> client_tls;
  // use_starttls = "required_trusted": a peer authenticates only with a certificate valid
  // for its domain (SASL EXTERNAL, or dialback over such a certificate).
  bool trusted_only = false;

  // s2s.default_policy and s2s.host_policy: whether federation with `domain` is allowed.
  bool allows(std::string_view domain) const;
  // s2s.outgoing.tls.mode = "starttls_required" (or "tls"): TLS both ways, as ejabberd's
  // s2s_use_starttls = required; incoming peers must STARTTLS before dialback.
  bool tls_required() const;
};

// The TLS options in effect, from the MongooseIM 6 sections and the older switch
// (s2s.use_starttls, s2s.certfile): the switch, when set, turns TLS on or off in both
// directions; the sections give the details; s2s.certfile fills in a missing certificate.
std::optional<config::TlsOptions> listener_tls(const config::S2sListenerOptions& listener,
                                               const config::S2sOptions& s2s);
std::optional<config::ClientTlsOptions> outgoing_tls(const config::S2sOptions& s2s);

// One [[listen.s2s]].
struct S2sListenerSettings {
  const S2sSettings* s2s = nullptr;
  config::S2sListenerOptions listener;
  // The listener's tls section: STARTTLS is offered with it, and peers' certificates are
  // checked against its cacertfile for SASL EXTERNAL.
  std::shared_ptr<boost::asio::ssl::context> tls;
};

}  // namespace meerkat::stream::s2s
