// SPDX-License-Identifier: Apache-2.0
// mongoose_client_api: MongooseIM's REST client API (openapi/client.json) for logged-in
// users, HTTP Basic authentication with the bare JID and the account password. Every route
// runs GraphQL operations of the user schema as that user. With `docs`, Swagger UI and the
// API documents are served, without authentication, at <path>/api-docs.
#pragma once

#include <memory>

#include "api/graphql/api_schemas.hpp"
#include "api/rest/route_table.hpp"
#include "api/rest/swagger_ui.hpp"
#include "config/listen_options.hpp"
#include "http/server/handler.hpp"

namespace meerkat::api::rest {

class ClientApiHandler final : public http::Handler {
 public:
  ClientApiHandler(config::ClientApiHandlerOptions options, const graphql::GraphqlApi& api);

  bool serves_subpaths() const override { return true; }
  boost::asio::awaitable<std::optional<http::Response>> handle(http::Request& request,
                                                               http::Exchange& exchange) override;

 private:
  config::ClientApiHandlerOptions options_;
  config::GraphqlHandlerOptions login_;  // a user endpoint's, for graphql::authenticate
  const graphql::GraphqlApi& api_;
  RouteTable routes_;
  std::unique_ptr<SwaggerUi> docs_;  // set when options_.docs
};

}  // namespace meerkat::api::rest
