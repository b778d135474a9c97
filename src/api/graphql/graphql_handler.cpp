// SPDX-License-Identifier: Apache-2.0
#include "api/graphql/graphql_handler.hpp"

#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json.hpp>
#include <boost/url/parse.hpp>

#include "api/graphql/endpoint_auth.hpp"
#include "observability/log.hpp"

namespace meerkat::api::graphql {

namespace {

namespace json = boost::json;
namespace asio = boost::asio;
using meerkat::graphql::GraphqlRequest;
using Field = http::beast_http::field;

const auto& log() {
  static const auto logger = observability::logger("graphql");
  return logger;
}

http::Response json_response(const http::Request& request, http::Status status,
                             const json::object& body) {
  return http::make_response(request, status, json::serialize(body), "application/json");
}

http::Response request_error(const http::Request& request, http::Status status, std::string message,
                             std::string_view code) {
  json::object error{{"message", std::move(message)}, {"extensions", {{"code", code}}}};
  return json_response(request, status, {{"errors", json::array{std::move(error)}}});
}

// The request's GraphQL parameters, from the URL (GET) or the body (POST); a message when
// they are malformed.
using Parsed = std::variant<GraphqlRequest, std::string>;

Parsed from_fields(const json::value* query, const json::value* name, const json::value* vars) {
  GraphqlRequest out;
  if (!query || !query->is_string()) return std::string("No query was given");
  out.query = query->as_string();
  if (name && name->is_string()) {
    out.operation_name = name->as_string();
  } else if (name && !name->is_null()) {
    return std::string("operationName must be a string");
  }
  if (vars && vars->is_object()) {
    out.variables = vars->as_object();
  } else if (vars && !vars->is_null()) {
    return std::string("variables must be an object");
  }
  return out;
}

Parsed from_url(std::string_view target) {
  auto url = boost::urls::parse_origin_form(target);
  if (!url) return std::string("Malformed request target");
  auto params = url->params();
  json::value query;
  json::value name;
  json::value vars;
  if (auto it = params.find("query"); it != params.end()) query = json::string((*it).value);
  if (auto it = params.find("operationName"); it != params.end()) name = json::string((*it).value);
  if (auto it = params.find("variables"); it != params.end() && !(*it).value.empty()) {
    boost::system::error_code ec;
    vars = json::parse((*it).value, ec);
    if (ec) return std::string("variables is not valid JSON");
  }
  return from_fields(query.is_null() ? nullptr : &query, &name, &vars);
}

Parsed from_body(const http::Request& request) {
  auto type = std::string_view(request[Field::content_type]);
  if (type.starts_with("application/graphql")) {
    json::value query = json::string(request.body());
    return from_fields(&query, nullptr, nullptr);
  }
  boost::system::error_code ec;
  json::value body = json::parse(request.body(), ec);
  if (ec || !body.is_object()) return std::string("The body is not a JSON object");
  const auto& o = body.as_object();
  return from_fields(o.if_contains("query"), o.if_contains("operationName"),
                     o.if_contains("variables"));
}

std::string_view path_of(std::string_view target) { return target.substr(0, target.find('?')); }

}  // namespace

const meerkat::graphql::Executor& GraphqlHandler::executor() const {
  return options_.schema_endpoint == config::GraphqlSchema::kUser ? api_.user() : api_.admin();
}

asio::awaitable<std::optional<http::Response>> GraphqlHandler::handle(http::Request& request,
                                                                      http::Exchange& exchange) {
  auto path = path_of(request.target());
  bool sse = path == options_.common.path + "/sse";
  if (!sse && path != options_.common.path)
    co_return http::make_error(request, http::Status::not_found);
  bool get = request.method() == http::beast_http::verb::get;
  if (!get && (sse || request.method() != http::beast_http::verb::post)) {
    auto response = request_error(request, http::Status::method_not_allowed,
                                  "Use GET or POST (GET for subscriptions)", "bad_request");
    response.set(Field::allow, sse ? "GET" : "GET, POST");
    co_return response;
  }
  auto parsed = get ? from_url(request.target()) : from_body(request);
  if (auto* message = std::get_if<std::string>(&parsed)) {
    co_return request_error(request, http::Status::bad_request, *message, "bad_request");
  }
  auto authentication =
      authenticate(api_.services(), options_, std::string(request[Field::authorization]));
  std::optional<Caller> caller = co_await std::move(authentication);
  if (!caller) {
    auto response = request_error(request, http::Status::unauthorized, "The credentials are wrong",
                                  "wrong_credentials");
    response.set(Field::www_authenticate, "Basic realm=\"meerkat\"");
    co_return response;
  }
  caller->allowed_categories = &options_.allowed_categories;
  auto& query = std::get<GraphqlRequest>(parsed);
  if (sse) {
    auto stream = serve_sse(request, exchange, std::move(query), *caller);
    co_return co_await std::move(stream);
  }
  auto run = executor().execute(query, *caller);
  auto result = co_await std::move(run);
  co_return json_response(request,
                          result.request_error ? http::Status::bad_request : http::Status::ok,
                          result.response);
}

asio::awaitable<std::optional<http::Response>> GraphqlHandler::serve_sse(http::Request& request,
                                                                         http::Exchange& exchange,
                                                                         GraphqlRequest query,
                                                                         Caller& caller) {
  using namespace asio::experimental::awaitable_operators;
  auto start = executor().subscribe(query, caller);
  auto started = co_await std::move(start);
  if (auto* failed = std::get_if<meerkat::graphql::ExecutionResult>(&started)) {
    co_return json_response(request,
                            failed->request_error ? http::Status::bad_request : http::Status::ok,
                            failed->response);
  }
  auto subscription = std::move(std::get<1>(started));
  http::Response head(http::Status::ok, request.version());
  head.set(Field::content_type, "text/event-stream");
  head.set(Field::cache_control, "no-cache");
  head.set(Field::connection, "close");
  auto take = exchange.take_over(std::move(head));
  auto taken = co_await std::move(take);
  if (!taken) co_return std::nullopt;
  asio::steady_timer wake(taken->transport.get_executor());
  bool stopping = false;
  exchange.on_stop([&wake, &stopping] {
    stopping = true;
    wake.cancel();
  });
  // "infinity": a year is as good as forever for one connection.
  std::chrono::steady_clock::duration idle = std::chrono::hours(24 * 365);
  if (options_.sse_idle_timeout) idle = *options_.sse_idle_timeout;
  for (;;) {
    wake.expires_after(idle);
    auto next = subscription->next();
    auto closed = taken->transport.wait_readable();
    auto winner =
        co_await (std::move(next) || std::move(closed) || wake.async_wait(asio::use_awaitable));
    if (winner.index() != 0) break;  // the client went away, idleness, or shutdown
    auto event = std::get<0>(std::move(winner));
    if (!event) break;
    // The text must outlive the write: transport.write takes a view.
    std::string text = "data: " + json::serialize(*event) + "\n\n";
    auto written = taken->transport.write(text);
    if (!co_await std::move(written)) break;
  }
  exchange.on_stop({});
  log()->debug("graphql_sse_closed stopping={}", stopping);
  co_return std::nullopt;
}

}  // namespace meerkat::api::graphql
