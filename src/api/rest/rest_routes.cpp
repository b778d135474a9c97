// SPDX-License-Identifier: Apache-2.0
#include "api/rest/rest_routes.hpp"

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
}

}  // namespace meerkat::api::rest
