// SPDX-License-Identifier: Apache-2.0
#include "app/http_routes.hpp"

#include <boost/algorithm/string/case_conv.hpp>

#include "api/graphql/graphql_handler.hpp"
#include "api/metrics/prometheus_handler.hpp"
#include "api/rest/rest_routes.hpp"
#include "app/server.hpp"
#include "http/bosh/bosh_handler.hpp"
#include "http/host_meta/host_meta_handler.hpp"
#include "http/upload/upload_handler.hpp"
#include "http/websocket/websocket_handler.hpp"

namespace meerkat::app {

namespace {

// Host names match case-insensitively; requests are compared in lower case.
std::string route_host(const std::string& host) { return boost::algorithm::to_lower_copy(host); }

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

using Endpoints = std::vector<http::host_meta::Endpoint>;

void add_bosh(http::HttpSettings& settings, const ListenerEnvironment& env,
              http::bosh::BoshRegistry& bosh, Endpoints& endpoints) {
  for (const auto& handler : settings.listener.handlers.bosh) {
    auto c2s = client_settings(env);
    c2s.listener.common = settings.listener.common;
    auto host = route_host(handler.common.host);
    settings.routes.push_back(
        {host, handler.common.path,
         std::make_unique<http::bosh::BoshHandler>(bosh_limits(env.config), std::move(c2s), bosh,
                                                   env.tasks)});
    endpoints.push_back({http::host_meta::Endpoint::Kind::kBosh, host, handler.common.path});
  }
}

void add_websockets(http::HttpSettings& settings, const ListenerEnvironment& env,
                    Endpoints& endpoints) {
  for (const auto& handler : settings.listener.handlers.websockets) {
    // The handler's own options stand in for a c2s listener's.
    auto c2s = client_settings(env);
    c2s.listener.common = settings.listener.common;
    c2s.listener.common.max_stanza_size = handler.max_stanza_size;
    c2s.listener.c2s_state_timeout = handler.c2s_state_timeout;
    c2s.listener.backwards_compatible_session = handler.backwards_compatible_session;
    auto host = route_host(handler.common.host);
    settings.routes.push_back(
        {host, handler.common.path,
         std::make_unique<http::websocket::WebSocketHandler>(handler, std::move(c2s))});
    endpoints.push_back({http::host_meta::Endpoint::Kind::kWebSocket, host, handler.common.path});
  }
}

// The file server of mod_http_upload's local backend, signing slots with the module's key.
void add_upload(http::HttpSettings& settings, std::size_t index, const ListenerEnvironment& env) {
  const auto& handlers = settings.listener.handlers.upload;
  if (handlers.empty()) return;
  const auto& module = env.config.modules.mod_http_upload;
  auto where = indexed("http", index) + ".handlers.mod_http_upload";
  if (!module || !module->local) {
    throw StartupError(where + ": needs modules.mod_http_upload with backend = \"local\"");
  }
  auto directory = upload::upload_directory(module->local->directory, env.data_dir);
  auto key = upload::UploadFiles::load_or_create_key(directory);
  if (!key) throw StartupError(where + ": " + key.error().text);
  // A file may be as large as the module allows; "infinity" still has to fit in memory.
  constexpr std::uint64_t kLargestBody = 1ull << 30;
  auto max_body = std::min(module->max_file_size.value_or(kLargestBody), kLargestBody);
  for (const auto& handler : handlers) {
    upload::LocalSlots slots(*key, module->local->base_url, module->expiration_time,
                             static_cast<std::size_t>(module->token_bytes));
    settings.routes.push_back(
        {route_host(handler.common.host), handler.common.path,
         std::make_unique<http::upload_files::UploadHandler>(handler.common.path, std::move(slots),
                                                             upload::UploadFiles(directory),
                                                             static_cast<std::size_t>(max_body))});
  }
}

void add_graphql(http::HttpSettings& settings, const ListenerEnvironment& env) {
  for (const auto& handler : settings.listener.handlers.graphql) {
    settings.routes.push_back({route_host(handler.common.host), handler.common.path,
                               std::make_unique<api::graphql::GraphqlHandler>(handler, env.api)});
  }
}

// XEP-0156: where web clients find the endpoints; after the configured routes, which win.
void add_host_meta(http::HttpSettings& settings, const Endpoints& endpoints) {
  if (endpoints.empty()) return;
  bool tls = settings.listener.tls.has_value();
  for (bool json : {false, true}) {
    settings.routes.push_back(
        {"_", json ? "/.well-known/host-meta.json" : "/.well-known/host-meta",
         std::make_unique<http::host_meta::HostMetaHandler>(endpoints, tls, json)});
  }
}

}  // namespace

std::unique_ptr<http::HttpSettings> make_http_settings(const config::HttpListenerOptions& listener,
                                                       std::size_t index,
                                                       const ListenerEnvironment& env,
                                                       http::bosh::BoshRegistry& bosh) {
  auto settings = std::make_unique<http::HttpSettings>();
  settings->listener = listener;
  settings->server_name = env.config.general.http_server_name;
  settings->registry = &env.registry;
  if (listener.tls) settings->tls = make_tls(*listener.tls, indexed("http", index) + ".tls", env);
  Endpoints endpoints;
  add_bosh(*settings, env, bosh, endpoints);
  add_websockets(*settings, env, endpoints);
  add_upload(*settings, index, env);
  add_graphql(*settings, env);
  api::rest::add_admin_api_routes(*settings, listener.handlers.admin_api, env.api);
  api::rest::add_client_api_routes(*settings, listener.handlers.client_api, env.api);
  for (const auto& handler : listener.handlers.prometheus) {
    settings->routes.push_back({route_host(handler.common.host), handler.common.path,
                                std::make_unique<api::metrics::PrometheusHandler>()});
  }
  add_host_meta(*settings, endpoints);
  return settings;
}

}  // namespace meerkat::app
