// SPDX-License-Identifier: Apache-2.0
// Every listener type the configuration can name, and what serves its connections. The one
// place that maps `[[listen.c2s]]` and friends onto stream implementations.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "api/graphql/api_schemas.hpp"
#include "config/config.hpp"
#include "http/bosh/bosh_registry.hpp"
#include "http/server/http_settings.hpp"
#include "net/connection_registry.hpp"
#include "net/listener.hpp"
#include "net/shard_pool.hpp"
#include "net/spawn.hpp"
#include "stream/c2s/c2s_settings.hpp"
#include "stream/component/component_stream.hpp"
#include "stream/s2s/federation.hpp"
#include "stream/s2s/s2s_settings.hpp"

namespace meerkat::app {

struct ListenerEnvironment {
  const config::Config& config;
  std::string data_dir;
  net::ShardPool& shards;
  net::TaskGroup& tasks;
  net::ConnectionRegistry& registry;
  auth::Authenticator& authenticator;
  router::Router& router;
  stream::c2s::ResumptionTable& resumption;
  stream::s2s::Federation& federation;
  const api::graphql::GraphqlApi& api;  // the GraphQL endpoints' schemas and commands
};

// The listeners and the per-listener settings their streams read; the settings outlive
// every connection because the set is cleared only after the shards have stopped.
class ListenerSet {
 public:
  std::vector<std::unique_ptr<net::Listener>>& all() { return listeners_; }
  void clear() { listeners_.clear(); }

 private:
  friend ListenerSet make_listeners(const ListenerEnvironment&);
  std::vector<std::unique_ptr<stream::c2s::C2sSettings>> c2s_;
  std::vector<std::unique_ptr<stream::component::ComponentSettings>> components_;
  std::vector<std::unique_ptr<stream::s2s::S2sListenerSettings>> s2s_;
  std::vector<std::unique_ptr<http::HttpSettings>> http_;
  // BOSH sessions of every HTTP listener (a sid is valid on any of them).
  std::unique_ptr<http::bosh::BoshRegistry> bosh_ = std::make_unique<http::bosh::BoshRegistry>();
  std::vector<std::unique_ptr<net::Listener>> listeners_;
};

// Builds (does not start) every configured listener. Throws TLS setup errors naming the option.
ListenerSet make_listeners(const ListenerEnvironment& environment);

// The certificate used when a `tls` section names no certfile.
std::string self_signed_path(const std::string& data_dir);

// For the listener builders: "listen.c2s[1]" for error messages; a listener's TLS context (a
// `tls` section without certfile uses the self-signed certificate, made on first use); and
// what every client stream needs from the server, whatever carries it.
std::string indexed(const char* kind, std::size_t index);
std::shared_ptr<boost::asio::ssl::context> make_tls(config::TlsOptions tls, const std::string& path,
                                                    const ListenerEnvironment& env);
stream::c2s::C2sSettings client_settings(const ListenerEnvironment& env);
// What every s2s stream shares; `secret` is s2s.shared or a random one.
stream::s2s::S2sSettings federation_settings(const config::Config& config, router::Router& router,
                                             auth::Authenticator& authenticator,
                                             net::ConnectionRegistry& registry,
                                             net::TaskGroup& tasks, net::ShardPool& shards);

}  // namespace meerkat::app
