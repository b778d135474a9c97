// SPDX-License-Identifier: Apache-2.0
// mongoose_admin_api: MongooseIM's REST admin API (openapi/admin.json), every route run as
// GraphQL operations of the admin schema by the global admin. HTTP Basic authentication with
// the handler's username and password when both are set; without them the API is open, as in
// MongooseIM.
#pragma once

#include "api/graphql/api_schemas.hpp"
#include "api/rest/route_table.hpp"
#include "config/listen_options.hpp"
#include "http/server/handler.hpp"

namespace meerkat::api::rest {

class AdminApiHandler final : public http::Handler {
 public:
  AdminApiHandler(config::AdminApiHandlerOptions options, const graphql::GraphqlApi& api);

  bool serves_subpaths() const override { return true; }
  boost::asio::awaitable<std::optional<http::Response>> handle(http::Request& request,
                                                               http::Exchange& exchange) override;

 private:
  config::AdminApiHandlerOptions options_;
  config::GraphqlHandlerOptions login_;  // the same credentials, for graphql::authenticate
  const graphql::GraphqlApi& api_;
  RouteTable routes_;
};

}  // namespace meerkat::api::rest
