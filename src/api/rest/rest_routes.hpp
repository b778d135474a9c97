// SPDX-License-Identifier: Apache-2.0
// Where the REST handlers join an HTTP listener's routing table (called by app/http_routes):
// one route per configured mongoose_admin_api and mongoose_client_api handler.
#pragma once

#include <vector>

#include "api/graphql/api_schemas.hpp"
#include "config/listen_options.hpp"
#include "http/server/http_settings.hpp"

namespace meerkat::api::rest {

void add_admin_api_routes(http::HttpSettings& settings,
                          const std::vector<config::AdminApiHandlerOptions>& handlers,
                          const graphql::GraphqlApi& api);
void add_client_api_routes(http::HttpSettings& settings,
                           const std::vector<config::ClientApiHandlerOptions>& handlers,
                           const graphql::GraphqlApi& api);

}  // namespace meerkat::api::rest
