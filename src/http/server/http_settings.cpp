// SPDX-License-Identifier: Apache-2.0
#include "http/server/http_settings.hpp"

#include <boost/algorithm/string/case_conv.hpp>

namespace meerkat::http {

namespace {

// "Example.com:5280" → "example.com"; "[::1]:5280" → "::1".
std::string host_name(std::string_view host) {
  if (host.starts_with('[')) {
    auto end = host.find(']');
    host = host.substr(1, end == std::string_view::npos ? host.size() - 1 : end - 1);
  } else if (auto colon = host.rfind(':'); colon != std::string_view::npos) {
    host = host.substr(0, colon);
  }
  return boost::algorithm::to_lower_copy(std::string(host));
}

bool path_matches(const Route& route, std::string_view path) {
  if (path == route.path) return true;
  // "/ws-xmpp/" reaches "/ws-xmpp" too; deeper paths only handlers that want them.
  if (!path.starts_with(route.path)) return false;
  auto rest = path.substr(route.path.size());
  if (route.path.ends_with('/')) return route.handler->serves_subpaths();
  if (!rest.starts_with('/')) return false;
  return rest == "/" || route.handler->serves_subpaths();
}

}  // namespace

const Route* HttpSettings::find_route(std::string_view host, std::string_view target) const {
  auto path = target.substr(0, target.find('?'));
  auto name = host_name(host);
  for (const auto& route : routes) {
    if (route.host != "_" && route.host != name) continue;
    if (path_matches(route, path)) return &route;
  }
  return nullptr;
}

}  // namespace meerkat::http
