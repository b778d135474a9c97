// SPDX-License-Identifier: Apache-2.0
#include "api/rest/rest_routes.hpp"

#include <algorithm>
#include <boost/algorithm/string/case_conv.hpp>

#include "api/rest/admin_api_handler.hpp"
#include "api/rest/client_api_handler.hpp"

namespace meerkat::api::rest {

namespace {

// Routes compare host names in lower case.
std::string route_host(const std::string& host) { return boost::algorithm::to_lower_copy(host); }

}  // namespace

void add_admin_api_routes(http::HttpSettings& settings,
                          const std::vector<config::AdminApiHandlerOptions>& handlers,
                          const graphql::GraphqlApi& api) {
  for (const auto& handler : handlers) {
    settings.routes.push_back({route_host(handler.common.host), handler.common.path,
                               std::make_unique<AdminApiHandler>(handler, api)});
  }
}

void add_client_api_routes(http::HttpSettings& settings,
                           const std::vector<config::ClientApiHandlerOptions>& handlers,
                           const graphql::GraphqlApi& api) {
  for (const auto& handler : handlers) {
    settings.routes.push_back({route_host(handler.common.host), handler.common.path,
                               std::make_unique<ClientApiHandler>(handler, api)});
  }
  // MongooseIM's Swagger UI is at /api-docs whatever the API's path; the handler also serves
  // it below its own path. One root route per host is enough.
  std::vector<std::string> documented_hosts;
  for (const auto& handler : handlers) {
    auto path = handler.common.path;
    while (!path.empty() && path.back() == '/') path.pop_back();
    auto host = route_host(handler.common.host);
    if (!handler.docs || path.empty() ||
        std::find(documented_hosts.begin(), documented_hosts.end(), host) !=
            documented_hosts.end()) {
      continue;
    }
    documented_hosts.push_back(host);
    settings.routes.push_back(
        {host, "/api-docs", std::make_unique<SwaggerUiHandler>(path, "/api-docs")});
  }
}

}  // namespace meerkat::api::rest
