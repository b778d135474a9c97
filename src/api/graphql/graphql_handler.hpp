// SPDX-License-Identifier: Apache-2.0
// mongoose_graphql_handler: one GraphQL endpoint over HTTP (GraphQL over HTTP conventions).
// POST takes a JSON body {query, operationName, variables} (or an application/graphql body);
// GET takes the same as URL parameters. Subscriptions are GET requests to `<path>/sse`,
// answered with a Server-Sent Events stream of one event per result.
#pragma once

#include "api/graphql/api_schemas.hpp"
#include "api/graphql/caller.hpp"
#include "config/listen_options.hpp"
#include "http/server/handler.hpp"

namespace meerkat::api::graphql {

// GraphQL documents and variables larger than this get 413.
inline constexpr std::size_t kMaxRequestSize = 1024 * 1024;

class GraphqlHandler final : public http::Handler {
 public:
  GraphqlHandler(config::GraphqlHandlerOptions options, const GraphqlApi& api)
      : options_(std::move(options)), api_(api) {}

  std::size_t max_body_size() const override { return kMaxRequestSize; }
  bool serves_subpaths() const override { return true; }
  boost::asio::awaitable<std::optional<http::Response>> handle(http::Request& request,
                                                               http::Exchange& exchange) override;

 private:
  const meerkat::graphql::Executor& executor() const;
  boost::asio::awaitable<std::optional<http::Response>> serve_sse(
      http::Request& request, http::Exchange& exchange, meerkat::graphql::GraphqlRequest query,
      Caller& caller);

  config::GraphqlHandlerOptions options_;
  const GraphqlApi& api_;
};

}  // namespace meerkat::api::graphql
