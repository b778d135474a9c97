// SPDX-License-Identifier: Apache-2.0
#include "api/rest/rest_call.hpp"

#include <boost/url/parse.hpp>
#include <charconv>

#include "core/jid/jid.hpp"
#include "observability/log.hpp"

namespace meerkat::api::rest {

namespace {

using Status = http::Status;

const auto& log() {
  static const auto logger = observability::logger("rest");
  return logger;
}

// What a route answers when a module it needs is off: MongooseIM answers a missing service
// (its MUC Light or inbox API without the module) with 404, so do we, naming the modules.
// A REST route whose module is off answers 404; one whose service is off (dynamic domains
// without service_domain_db) answers 403, as MongooseIM's domain API does.
RestError module_not_enabled(const json::object& extensions, std::string message) {
  if (const auto* list = extensions.if_contains("not_loaded_services");
      list && list->is_array() && !list->as_array().empty()) {
    return {Status::forbidden, "Service not enabled on this server: " + json::serialize(*list),
            "service_disabled"};
  }
  std::string modules;
  if (const auto* list = extensions.if_contains("not_loaded_modules"); list && list->is_array()) {
    for (const auto& m : list->as_array()) {
      if (!m.is_string()) continue;
      if (!modules.empty()) modules += ", ";
      modules += m.as_string();
    }
  }
  if (modules.empty()) return {Status::not_found, std::move(message), "deps_not_loaded"};
  return {Status::not_found, "Module not enabled on this server: " + modules, "deps_not_loaded"};
}

}  // namespace

RestError bad_request(std::string message) {
  return {Status::bad_request, std::move(message), "bad_request"};
}

// MongooseIM's REST handlers turn its API errors into: bad_request 400, denied 403,
// not_found 404, duplicate 409, internal 500. The GraphQL codes map onto those; a command
// this server lacks answers 501.
http::Status status_of_code(std::string_view code) {
  struct Entry {
    std::string_view code;
    Status status;
  };
  static constexpr Entry kTable[] = {
      {"bad_request", Status::bad_request},
      {"invalid_jid", Status::bad_request},
      {"empty_password", Status::bad_request},
      {"GRAPHQL_VALIDATION_FAILED", Status::bad_request},
      {"no_permissions", Status::forbidden},
      {"no_permission", Status::forbidden},
      {"not_allowed", Status::forbidden},
      {"denied", Status::forbidden},
      {"category_disabled", Status::forbidden},
      // Domains (MongooseIM's domain API): static domains, the domain service off and host
      // type mismatches are refusals.
      {"static", Status::forbidden},
      {"service_disabled", Status::forbidden},
      {"unknown_host_type", Status::forbidden},
      {"wrong_host_type", Status::forbidden},
      {"not_found", Status::not_found},
      {"user_does_not_exist", Status::not_found},
      {"user_not_found", Status::not_found},
      {"domain_not_found", Status::not_found},
      {"contact_not_found", Status::not_found},
      {"room_not_found", Status::not_found},
      {"muc_server_not_found", Status::not_found},
      {"no_session", Status::not_found},
      {"deps_not_loaded", Status::not_found},
      {"user_exists", Status::conflict},
      {"duplicate", Status::conflict},
      {"already_exists", Status::conflict},
      {"not_implemented", Status::not_implemented},
  };
  for (const auto& entry : kTable) {
    if (entry.code == code) return entry.status;
  }
  return Status::internal_server_error;  // internal_server_error, db_error and anything new
}

std::optional<RestError> error_of(const json::object& response, bool request_error) {
  const auto* errors = response.if_contains("errors");
  if (!errors || !errors->is_array() || errors->as_array().empty()) return std::nullopt;
  const auto& first = errors->as_array().front();
  std::string message = "Request failed";
  json::object extensions;
  if (first.is_object()) {
    if (const auto* m = first.as_object().if_contains("message"); m && m->is_string()) {
      message = m->as_string();
    }
    if (const auto* e = first.as_object().if_contains("extensions"); e && e->is_object()) {
      extensions = e->as_object();
    }
  }
  std::string code;
  if (const auto* c = extensions.if_contains("code"); c && c->is_string()) code = c->as_string();
  // Before execution (bad variables such as a malformed JID): the request was wrong.
  if (request_error) return RestError{Status::bad_request, std::move(message), std::move(code)};
  if (code == "deps_not_loaded") return module_not_enabled(extensions, std::move(message));
  return RestError{status_of_code(code), std::move(message), std::move(code)};
}

std::optional<std::string> RestCall::query(std::string_view name) const {
  auto url = boost::urls::parse_origin_form(request_->target());
  if (!url) return std::nullopt;
  auto params = url->params();
  auto it = params.find(name);
  if (it == params.end()) return std::nullopt;
  return std::string((*it).value);
}

RestResult<std::optional<std::int64_t>> RestCall::integer_query(std::string_view name,
                                                                std::int64_t minimum) const {
  auto text = query(name);
  if (!text) return std::optional<std::int64_t>();
  std::int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size() || value < minimum) {
    return bad_request("Invalid value of '" + std::string(name) + "'");
  }
  return std::optional<std::int64_t>(value);
}

RestResult<json::object> RestCall::body() const {
  boost::system::error_code ec;
  auto parsed = json::parse(request_->body(), ec);
  if (ec || !parsed.is_object()) return bad_request("Invalid request body");
  return std::move(parsed.as_object());
}

boost::asio::awaitable<meerkat::graphql::ExecutionResult> RestCall::execute(
    std::string query, json::object variables) {
  meerkat::graphql::GraphqlRequest request{std::move(query), {}, std::move(variables)};
  auto run = executor_->execute(request, caller_);
  co_return co_await std::move(run);
}

boost::asio::awaitable<RestResult<json::value>> RestCall::graphql(std::string category,
                                                                  std::string command,
                                                                  std::string query,
                                                                  json::object variables) {
  auto run = execute(std::move(query), std::move(variables));
  auto result = co_await std::move(run);
  if (auto error = error_of(result.response, result.request_error)) {
    // Refusals are the client's business; a failure of the server is the operator's.
    if (error->status == Status::internal_server_error) {
      log()->warn("rest_command_failed command={}.{} error=\"{}\"", category, command,
                  error->message);
    }
    co_return *error;
  }
  const auto* data = result.response.if_contains("data");
  const json::value* value = nullptr;
  if (data && data->is_object()) {
    const auto* group = data->as_object().if_contains(category);
    if (group && group->is_object()) value = group->as_object().if_contains(command);
  }
  if (!value) co_return RestError{http::Status::internal_server_error, "No result", {}};
  co_return *value;
}

RestResult<std::string> string_field(const json::object& body, std::string_view name,
                                     std::string_view what) {
  const auto* v = body.if_contains(name);
  if (!v || v->is_null()) return bad_request("Missing " + std::string(what));
  if (!v->is_string() || v->as_string().empty()) return bad_request("Invalid " + std::string(what));
  return std::string(v->as_string());
}

RestResult<std::optional<std::string>> optional_string_field(const json::object& body,
                                                             std::string_view name,
                                                             std::string_view what) {
  const auto* v = body.if_contains(name);
  if (!v || v->is_null()) return std::optional<std::string>();
  if (!v->is_string()) return bad_request("Invalid " + std::string(what));
  return std::optional<std::string>(std::string(v->as_string()));
}

http::Response json_reply(const http::Request& request, http::Status status,
                          const json::value& body) {
  return http::make_response(request, status, json::serialize(body), "application/json");
}

http::Response no_content(const http::Request& request) {
  return http::make_response(request, http::Status::no_content);
}

http::Response error_reply(const http::Request& request, const RestError& error) {
  return http::make_response(request, error.status, error.message);
}

RestResult<std::string> jid_of(std::string_view node, std::string_view domain,
                               std::string_view resource) {
  auto jid = jid::Jid::make(node, domain, resource);
  if (!jid || !jid->has_node()) return bad_request("Invalid JID");
  return jid->to_string();
}

}  // namespace meerkat::api::rest
