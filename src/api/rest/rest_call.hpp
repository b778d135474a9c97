// SPDX-License-Identifier: Apache-2.0
// One request to the REST APIs (MongooseIM's mongoose_admin_api and mongoose_client_api) as a
// route sees it: path parameters, query, JSON body and caller. Every route is one or a few
// GraphQL operations on the API's executor (as MongooseIM builds its REST API on its GraphQL
// commands); RestCall runs them and turns GraphQL errors into MongooseIM's status codes.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json.hpp>
#include <boost/system/result.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/graphql/api_schemas.hpp"
#include "api/graphql/caller.hpp"
#include "graphql/execution.hpp"
#include "http/server/handler.hpp"

namespace meerkat::api::rest {

namespace json = boost::json;

// A failure, answered as MongooseIM does: the status and a plain-text message. `code` is the
// GraphQL error code it came from, if any, for routes that treat some codes specially.
struct RestError {
  http::Status status = http::Status::internal_server_error;
  std::string message;
  std::string code;
};

template <class T>
using RestResult = boost::system::result<T, RestError>;

RestError bad_request(std::string message);

// The HTTP status of a GraphQL error code (extensions.code of the commands and the guard).
http::Status status_of_code(std::string_view code);

class RestCall {
 public:
  RestCall(const http::Request& request, http::Exchange& exchange,
           const meerkat::graphql::Executor& executor, const graphql::GraphqlApi& api,
           graphql::Caller caller, std::vector<std::string> params)
      : request_(&request),
        exchange_(&exchange),
        executor_(&executor),
        api_(&api),
        caller_(std::move(caller)),
        params_(std::move(params)) {}

  const http::Request& request() const { return *request_; }
  http::Exchange& exchange() const { return *exchange_; }
  const graphql::GraphqlApi& api() const { return *api_; }
  const graphql::Caller& caller() const { return caller_; }
  graphql::Caller& caller() { return caller_; }
  const meerkat::graphql::Executor& executor() const { return *executor_; }

  // The i-th parameter of the route's pattern, percent-decoded.
  const std::string& param(std::size_t i) const { return params_.at(i); }
  std::size_t param_count() const { return params_.size(); }
  // A query-string parameter, decoded; nullopt when absent.
  std::optional<std::string> query(std::string_view name) const;
  // A query-string parameter that must be an integer ≥ `minimum` when present.
  RestResult<std::optional<std::int64_t>> integer_query(std::string_view name,
                                                        std::int64_t minimum) const;
  // The body as a JSON object; 400 "Invalid request body" otherwise.
  RestResult<json::object> body() const;

  // Runs one GraphQL operation and gives the value of data.<category>.<command>, or the
  // error of the first GraphQL error. The RestCall must live until the result is back.
  boost::asio::awaitable<RestResult<json::value>> graphql(std::string category, std::string command,
                                                          std::string query,
                                                          json::object variables);
  // The whole response of one operation, for routes that read several fields of it.
  boost::asio::awaitable<meerkat::graphql::ExecutionResult> execute(std::string query,
                                                                    json::object variables);

 private:
  const http::Request* request_;  // the handler's request: outlives the route
  http::Exchange* exchange_;
  const meerkat::graphql::Executor* executor_;
  const graphql::GraphqlApi* api_;
  graphql::Caller caller_;  // the executor's RequestContext for every operation of the call
  std::vector<std::string> params_;
};

// The error of a GraphQL response (its first error), or nullopt when it has none.
std::optional<RestError> error_of(const json::object& response, bool request_error);

// The string field `name` of a request body: "Missing <what>" when absent, "Invalid <what>"
// when not a non-empty string (MongooseIM's texts).
RestResult<std::string> string_field(const json::object& body, std::string_view name,
                                     std::string_view what);
// An optional string field: nullopt when absent, the error when present but not a string.
RestResult<std::optional<std::string>> optional_string_field(const json::object& body,
                                                             std::string_view name,
                                                             std::string_view what);

// Responses in MongooseIM's formats: JSON bodies, errors as plain text.
http::Response json_reply(const http::Request& request, http::Status status,
                          const json::value& body);
http::Response no_content(const http::Request& request);
http::Response error_reply(const http::Request& request, const RestError& error);

// "node@domain" (or with "/resource") from path parts, checked; 400 when it is no valid JID.
RestResult<std::string> jid_of(std::string_view node, std::string_view domain,
                               std::string_view resource = {});

}  // namespace meerkat::api::rest
