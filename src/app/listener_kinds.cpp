// SPDX-License-Identifier: Apache-2.0
#include "app/listener_kinds.hpp"

#include "app/server.hpp"
#include "http/bosh/bosh_handler.hpp"
#include "http/host_meta/host_meta_handler.hpp"
#include "http/server/http_connection.hpp"
#include "http/websocket/websocket_handler.hpp"
#include "net/tls/self_signed.hpp"
#include "net/tls/tls_context.hpp"
#include "observability/log.hpp"
#include "stream/c2s/c2s_stream.hpp"

namespace meerkat::app {

namespace {

std::string indexed(const char* kind, std::size_t index) {
  return std::string("listen.") + kind + "[" + std::to_string(index + 1) + "]";
}

// A `tls` section without certfile uses the self-signed certificate, made on first use.
std::shared_ptr<boost::asio::ssl::context> make_tls(config::TlsOptions tls, const std::string& path,
                                                    const ListenerEnvironment& env) {
  if (!tls.certfile) {
    auto generated = self_signed_path(env.data_dir);
    if (net::tls::ensure_self_signed(generated, env.config.general.hosts)) {
      observability::logger("server")->warn(
          "tls_certificate_generated file={} hosts={} reason=\"{}.certfile is not set\"", generated,
          fmt::join(env.config.general.hosts, ","), path);
    }
    tls.certfile = generated;
    tls.keyfile.reset();
    tls.password.reset();
  }
  return net::tls::make_server_context(tls, path);
}

template <class Options>
void refuse_unimplemented(const std::vector<Options>& listeners, const char* kind, const char* what,
                          int issue) {
  if (listeners.empty()) return;
  throw StartupError(indexed(kind, 0) + ": " + what + " listeners are not implemented yet (#" +
                     std::to_string(issue) + ")");
}

// What every client stream needs from the server, whatever carries it.
stream::c2s::C2sSettings client_settings(const ListenerEnvironment& env) {
  stream::c2s::C2sSettings settings;
  settings.hosts = env.config.general.hosts;
  settings.language = env.config.general.language;
  settings.hide_service_name = env.config.general.hide_service_name;
  settings.registry = &env.registry;
  settings.authenticator = &env.authenticator;
  settings.router = &env.router;
  settings.shapers = &env.config.shaper;
  settings.max_fsm_queue = env.config.general.max_fsm_queue;
  return settings;
}

// Handler types whose work is tracked in another issue answer 501, so that a configuration
// written for MongooseIM still starts (its options are reported as not applied).
class NotImplementedHandler final : public http::Handler {
 public:
  explicit NotImplementedHandler(std::string what) : what_(std::move(what)) {}
  boost::asio::awaitable<std::optional<http::Response>> handle(http::Request& request,
                                                               http::Exchange&) override {
    co_return http::make_response(request, http::Status::not_implemented,
                                  what_ + " is not implemented yet\n");
  }

 private:
  std::string what_;
};

template <class Options>
void add_not_implemented(http::HttpSettings& settings, const std::vector<Options>& handlers,
                         const std::string& what) {
  for (const auto& handler : handlers) {
    settings.routes.push_back({handler.common.host, handler.common.path,
                               std::make_unique<NotImplementedHandler>(what)});
  }
}

// services.service_bosh, or the older modules.mod_bosh; their defaults when neither is set.
http::bosh::BoshLimits bosh_limits(const config::Config& config) {
  http::bosh::BoshLimits limits;
  auto copy = [&limits](const auto& options) {
    limits.inactivity = options.inactivity;
    limits.max_wait = options.max_wait;
    limits.server_acks = options.server_acks;
    limits.max_pause = options.max_pause;
  };
  if (config.services.service_bosh) {
    copy(*config.services.service_bosh);
  } else if (config.modules.mod_bosh) {
    copy(*config.modules.mod_bosh);
  }
  return limits;
}

std::unique_ptr<http::HttpSettings> http_settings(const config::HttpListenerOptions& listener,
                                                  std::size_t index,
                                                  const ListenerEnvironment& env,
                                                  http::bosh::BoshRegistry& bosh) {
  auto settings = std::make_unique<http::HttpSettings>();
  settings->listener = listener;
  settings->server_name = env.config.general.http_server_name;
  settings->registry = &env.registry;
  if (listener.tls) settings->tls = make_tls(*listener.tls, indexed("http", index) + ".tls", env);

  std::vector<http::host_meta::Endpoint> endpoints;
  for (const auto& handler : listener.handlers.bosh) {
    auto c2s = client_settings(env);
    c2s.listener.common = listener.common;
    settings->routes.push_back(
        {handler.common.host, handler.common.path,
         std::make_unique<http::bosh::BoshHandler>(bosh_limits(env.config), std::move(c2s), bosh,
                                                   env.tasks)});
    endpoints.push_back(
        {http::host_meta::Endpoint::Kind::kBosh, handler.common.host, handler.common.path});
  }
  for (const auto& handler : listener.handlers.websockets) {
    auto c2s = client_settings(env);
    c2s.listener.common = listener.common;
    c2s.listener.common.max_stanza_size = handler.max_stanza_size;
    c2s.listener.c2s_state_timeout = handler.c2s_state_timeout;
    c2s.listener.backwards_compatible_session = handler.backwards_compatible_session;
    settings->routes.push_back(
        {handler.common.host, handler.common.path,
         std::make_unique<http::websocket::WebSocketHandler>(handler, std::move(c2s))});
    endpoints.push_back({http::host_meta::Endpoint::Kind::kWebSocket, handler.common.host,
                         handler.common.path});
  }
  add_not_implemented(*settings, listener.handlers.graphql, "the GraphQL API (#8)");
  add_not_implemented(*settings, listener.handlers.admin_api, "the REST admin API (#8)");
  add_not_implemented(*settings, listener.handlers.client_api, "the REST client API (#8)");
  add_not_implemented(*settings, listener.handlers.prometheus, "the Prometheus endpoint (#8)");
  if (!endpoints.empty()) {
    // XEP-0156: where web clients find the endpoints above; configured routes come first.
    for (bool json : {false, true}) {
      settings->routes.push_back(
          {"_", json ? "/.well-known/host-meta.json" : "/.well-known/host-meta",
           std::make_unique<http::host_meta::HostMetaHandler>(endpoints, listener.tls.has_value(),
                                                              json)});
    }
  }
  return settings;
}

}  // namespace

std::string self_signed_path(const std::string& data_dir) { return data_dir + "/selfsigned.pem"; }

ListenerSet make_listeners(const ListenerEnvironment& env) {
  const auto& listen = env.config.listen;
  refuse_unimplemented(listen.s2s, "s2s", "server-to-server", 6);
  refuse_unimplemented(listen.service, "service", "external component", 6);

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
  for (std::size_t i = 0; i < listen.http.size(); ++i) {
    auto settings = http_settings(listen.http[i], i, env, *set.bosh_);
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
