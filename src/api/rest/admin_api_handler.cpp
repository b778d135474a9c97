// SPDX-License-Identifier: Apache-2.0
#include "api/rest/admin_api_handler.hpp"

#include "api/graphql/endpoint_auth.hpp"
#include "api/rest/admin_routes.hpp"

namespace meerkat::api::rest {

namespace {

std::vector<RestRoute> all_routes() {
  std::vector<RestRoute> routes;
  add_admin_user_routes(routes);
  add_admin_message_routes(routes);
  add_admin_contact_routes(routes);
  add_admin_room_routes(routes);
  add_admin_domain_routes(routes);
  add_admin_metric_routes(routes);
  return routes;
}

config::GraphqlHandlerOptions admin_login(const config::AdminApiHandlerOptions& options) {
  config::GraphqlHandlerOptions login;
  login.schema_endpoint = config::GraphqlSchema::kAdmin;
  login.username = options.username;
  login.password = options.password;
  return login;
}

}  // namespace

AdminApiHandler::AdminApiHandler(config::AdminApiHandlerOptions options,
                                 const graphql::GraphqlApi& api)
    : options_(std::move(options)),
      login_(admin_login(options_)),
      api_(api),
      routes_(all_routes(), options_.handlers) {}

boost::asio::awaitable<std::optional<http::Response>> AdminApiHandler::handle(
    http::Request& request, http::Exchange& exchange) {
  auto segments = segments_below(request.target(), options_.common.path);
  if (!segments) co_return http::make_error(request, http::Status::bad_request);
  // As cowboy_rest does: unknown paths (404) and methods (405) before authentication.
  auto found = routes_.find(request, *segments);
  if (auto* refused = std::get_if<http::Response>(&found)) co_return std::move(*refused);
  auto check = graphql::authenticate(api_.services(), login_,
                                     std::string(request[http::beast_http::field::authorization]));
  auto caller = co_await std::move(check);
  // No header gives an unauthorized caller unless the API has no credentials set.
  if (!caller || caller->kind != graphql::CallerKind::kAdmin) {
    auto response = http::make_error(request, http::Status::unauthorized);
    response.set(http::beast_http::field::www_authenticate, "Basic realm=\"meerkat\"");
    co_return response;
  }
  auto& match = std::get<RouteTable::Match>(found);
  RestCall call(request, exchange, api_.admin(), api_, std::move(*caller), std::move(match.params));
  auto run = match.route->fn(std::move(call));
  co_return co_await std::move(run);
}

}  // namespace meerkat::api::rest
