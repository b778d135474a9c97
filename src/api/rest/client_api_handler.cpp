// SPDX-License-Identifier: Apache-2.0
#include "api/rest/client_api_handler.hpp"

#include "api/graphql/endpoint_auth.hpp"
#include "api/rest/client_routes.hpp"

namespace meerkat::api::rest {

namespace {

constexpr std::string_view kDocs = "api-docs";

std::vector<RestRoute> all_routes() {
  std::vector<RestRoute> routes;
  add_client_message_routes(routes);
  add_client_event_routes(routes);
  add_client_contact_routes(routes);
  add_client_room_routes(routes);
  return routes;
}

config::GraphqlHandlerOptions user_login() {
  config::GraphqlHandlerOptions login;
  login.schema_endpoint = config::GraphqlSchema::kUser;
  return login;
}

std::string without_trailing_slash(std::string path) {
  while (path.size() > 1 && path.ends_with('/')) path.pop_back();
  return path == "/" ? std::string() : path;
}

}  // namespace

ClientApiHandler::ClientApiHandler(config::ClientApiHandlerOptions options,
                                   const graphql::GraphqlApi& api)
    : options_(std::move(options)),
      login_(user_login()),
      api_(api),
      routes_(all_routes(), options_.handlers) {
  if (options_.docs) {
    docs_ = std::make_unique<SwaggerUi>(without_trailing_slash(options_.common.path));
  }
}

boost::asio::awaitable<std::optional<http::Response>> ClientApiHandler::handle(
    http::Request& request, http::Exchange& exchange) {
  auto segments = segments_below(request.target(), options_.common.path);
  if (!segments) co_return http::make_error(request, http::Status::bad_request);
  if (docs_ && !segments->empty() && segments->front() == kDocs) {
    co_return docs_->serve(request,
                           std::vector<std::string>(segments->begin() + 1, segments->end()));
  }
  auto found = routes_.find(request, *segments);
  if (auto* refused = std::get_if<http::Response>(&found)) co_return std::move(*refused);
  auto check = graphql::authenticate(api_.services(), login_,
                                     std::string(request[http::beast_http::field::authorization]));
  auto caller = co_await std::move(check);
  if (!caller || caller->kind != graphql::CallerKind::kUser) {
    auto response = http::make_error(request, http::Status::unauthorized);
    response.set(http::beast_http::field::www_authenticate, "Basic realm=\"meerkat\"");
    co_return response;
  }
  auto& match = std::get<RouteTable::Match>(found);
  RestCall call(request, exchange, api_.user(), api_, std::move(*caller), std::move(match.params));
  auto run = match.route->fn(std::move(call));
  co_return co_await std::move(run);
}

}  // namespace meerkat::api::rest
