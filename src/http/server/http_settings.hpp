// SPDX-License-Identifier: Apache-2.0
// One [[listen.http]] listener as its connections see it: the routing table of handlers, the
// server name, compression and the listener's TLS context. Read-only once the server runs.
#pragma once

#include <boost/asio/ssl/context.hpp>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/listen_options.hpp"
#include "http/server/handler.hpp"
#include "net/connection_registry.hpp"

namespace meerkat::http {

struct Route {
  std::string host;  // "_": any host
  std::string path;
  std::unique_ptr<Handler> handler;
};

struct HttpSettings {
  config::HttpListenerOptions listener;
  std::string server_name = "Cowboy";  // general.http_server_name
  std::vector<Route> routes;
  std::shared_ptr<boost::asio::ssl::context> tls;  // set for an HTTPS listener
  net::ConnectionRegistry* registry = nullptr;

  // The route for `host` (as sent, port included or not) and the request target's path.
  const Route* find_route(std::string_view host, std::string_view target) const;
};

}  // namespace meerkat::http
