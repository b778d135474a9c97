// SPDX-License-Identifier: Apache-2.0
#include "app/listener_kinds.hpp"

#include <openssl/rand.h>

#include "app/http_routes.hpp"
#include "app/server.hpp"
#include "core/encoding/hex.hpp"
#include "http/server/http_connection.hpp"
#include "net/tls/self_signed.hpp"
#include "net/tls/tls_context.hpp"
#include "observability/log.hpp"
#include "stream/c2s/c2s_stream.hpp"
#include "stream/component/component_stream.hpp"
#include "stream/s2s/s2s_in_stream.hpp"

namespace meerkat::app {

std::string indexed(const char* kind, std::size_t index) {
  return std::string("listen.") + kind + "[" + std::to_string(index + 1) + "]";
}

std::shared_ptr<boost::asio::ssl::context> make_tls(config::TlsOptions tls, const std::string& path,
                                                    const ListenerEnvironment& env) {
  if (!tls.certfile) {
    auto generated = self_signed_path(env.data_dir);
    // With dynamic domains only, the certificate names the default domain.
    auto names = env.config.general.hosts;
    if (names.empty()) names.push_back(env.config.general.default_server_domain);
    if (net::tls::ensure_self_signed(generated, names)) {
      observability::logger("server")->warn(
          "tls_certificate_generated file={} hosts={} reason=\"{}.certfile is not set\"", generated,
          fmt::join(names, ","), path);
    }
    tls.certfile = generated;
    tls.keyfile.reset();
    tls.password.reset();
  }
  return net::tls::make_server_context(tls, path);
}

stream::c2s::C2sSettings client_settings(const ListenerEnvironment& env) {
  stream::c2s::C2sSettings settings;
  settings.hosts = env.config.general.hosts;
  settings.language = env.config.general.language;
  settings.hide_service_name = env.config.general.hide_service_name;
  settings.registry = &env.registry;
  settings.authenticator = &env.authenticator;
  settings.router = &env.router;
  settings.resumption = &env.resumption;
  settings.shapers = &env.config.shaper;
  settings.max_fsm_queue = env.config.general.max_fsm_queue;
  return settings;
}

namespace {

// A random dialback secret for this run (MongooseIM: 10 strong random bytes, hex-encoded).
std::string random_secret() {
  unsigned char bytes[10];
  if (RAND_bytes(bytes, sizeof bytes) != 1) throw StartupError("s2s.shared: no random bytes");
  return encoding::hex_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

}  // namespace

stream::s2s::S2sSettings federation_settings(const config::Config& config, router::Router& router,
                                             auth::Authenticator& authenticator,
                                             net::ConnectionRegistry& registry,
                                             net::TaskGroup& tasks, net::ShardPool& shards) {
  stream::s2s::S2sSettings settings;
  settings.options = config.s2s;
  settings.options.outgoing.tls = stream::s2s::outgoing_tls(config.s2s);
  settings.trusted_only = config.s2s.use_starttls == config::S2sStarttls::kRequiredTrusted;
  settings.hosts = config.general.hosts;
  settings.language = config.general.language;
  settings.secret = config.s2s.shared ? *config.s2s.shared : random_secret();
  settings.router = &router;
  settings.authenticator = &authenticator;
  settings.shapers = &config.shaper;
  settings.registry = &registry;
  settings.tasks = &tasks;
  settings.shards = &shards;
  if (const auto& tls = settings.options.outgoing.tls) {
    settings.client_tls = net::tls::make_client_context(*tls, "s2s.outgoing.tls");
  }
  return settings;
}

std::string self_signed_path(const std::string& data_dir) { return data_dir + "/selfsigned.pem"; }

ListenerSet make_listeners(const ListenerEnvironment& env) {
  const auto& listen = env.config.listen;
  ListenerSet set;
  for (std::size_t i = 0; i < listen.c2s.size(); ++i) {
    auto settings = std::make_unique<stream::c2s::C2sSettings>(client_settings(env));
    settings->listener = listen.c2s[i];
    if (settings->listener.tls) {
      settings->tls = make_tls(*settings->listener.tls, indexed("c2s", i) + ".tls", env);
    }
    const auto& serving = *settings;
    set.listeners_.push_back(std::make_unique<net::Listener>(
        "c2s", settings->listener.common, env.shards, env.tasks,
        [&serving](net::AcceptedConnection connection) {
          return stream::c2s::serve_c2s(serving, std::move(connection));
        }));
    set.c2s_.push_back(std::move(settings));
  }
  for (std::size_t i = 0; i < listen.service.size(); ++i) {
    auto settings = std::make_unique<stream::component::ComponentSettings>();
    settings->listener = listen.service[i];
    settings->router = &env.router;
    settings->authenticator = &env.authenticator;
    settings->shapers = &env.config.shaper;
    settings->registry = &env.registry;
    if (settings->listener.tls) {
      // XEP-0114 has no STARTTLS: a component listener with TLS speaks it from the first byte.
      if (settings->listener.tls->mode != config::TlsMode::kTls) {
        throw StartupError(indexed("component", i) +
                           ".tls.mode: components support only \"tls\" (direct TLS)");
      }
      settings->tls = make_tls(*settings->listener.tls, indexed("component", i) + ".tls", env);
    }
    const auto& serving = *settings;
    set.listeners_.push_back(std::make_unique<net::Listener>(
        "service", settings->listener.common, env.shards, env.tasks,
        [&serving](net::AcceptedConnection connection) {
          return stream::component::serve_component(serving, std::move(connection));
        }));
    set.components_.push_back(std::move(settings));
  }
  for (std::size_t i = 0; i < listen.s2s.size(); ++i) {
    auto settings = std::make_unique<stream::s2s::S2sListenerSettings>();
    settings->s2s = &env.federation.settings();
    settings->listener = listen.s2s[i];
    settings->listener.tls = stream::s2s::listener_tls(listen.s2s[i], env.config.s2s);
    if (const auto& tls = settings->listener.tls) {
      settings->tls = make_tls(*tls, indexed("s2s", i) + ".tls", env);
    }
    const auto& serving = *settings;
    auto& federation = env.federation;
    set.listeners_.push_back(std::make_unique<net::Listener>(
        "s2s", settings->listener.common, env.shards, env.tasks,
        [&serving, &federation](net::AcceptedConnection connection) {
          return stream::s2s::serve_s2s(serving, federation, std::move(connection));
        }));
    set.s2s_.push_back(std::move(settings));
  }
  for (std::size_t i = 0; i < listen.http.size(); ++i) {
    auto settings = make_http_settings(listen.http[i], i, env, *set.bosh_);
    const auto& serving = *settings;
    set.listeners_.push_back(std::make_unique<net::Listener>(
        "http", settings->listener.common, env.shards, env.tasks,
        [&serving](net::AcceptedConnection connection) {
          return http::serve_http(serving, std::move(connection));
        }));
    set.http_.push_back(std::move(settings));
  }
  return set;
}

}  // namespace meerkat::app
