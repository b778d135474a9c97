// SPDX-License-Identifier: Apache-2.0
#include "graphql/execution.hpp"

#include <boost/json/serialize.hpp>

#include "graphql/execution_state.hpp"
#include "graphql/input_values.hpp"
#include "graphql/parser.hpp"
#include "graphql/validation.hpp"

namespace meerkat::graphql {

namespace json = boost::json;

Resolved Resolved::of(std::shared_ptr<const ObjectSource> object) {
  Resolved r;
  r.object = std::move(object);
  return r;
}

Resolved Resolved::of(std::vector<Resolved> list) {
  Resolved r;
  r.list = std::move(list);
  return r;
}

Resolved Resolved::of(std::shared_ptr<EventStream> stream) {
  Resolved r;
  r.stream = std::move(stream);
  return r;
}

FieldError FieldError::coded(std::string message, std::string_view code) {
  FieldError e{std::move(message), {}};
  e.extensions["code"] = code;
  return e;
}

void Executor::resolve(const std::string& type, const std::string& field, Resolver resolver) {
  resolvers_[type + "." + field] = std::move(resolver);
}

const Resolver* Executor::resolver(const std::string& type, const std::string& field) const {
  auto it = resolvers_.find(type + "." + field);
  return it == resolvers_.end() ? nullptr : &it->second;
}

namespace {

json::object error_response(std::vector<GraphqlError> errors) {
  json::array list;
  for (auto& e : errors) {
    json::object o;
    o["message"] = e.message;
    if (!e.locations.empty()) {
      json::array locations;
      for (auto l : e.locations) locations.push_back({{"line", l.line}, {"column", l.column}});
      o["locations"] = std::move(locations);
    }
    list.push_back(std::move(o));
  }
  return {{"errors", std::move(list)}};
}

const OperationDefinition* select_operation(const Document& doc, const std::string& name,
                                            std::vector<GraphqlError>& errors) {
  if (name.empty()) {
    if (doc.operations.size() == 1) return &doc.operations.front();
    errors.push_back({doc.operations.empty()
                          ? "Must provide an operation."
                          : "Must provide operation name if query contains multiple operations.",
                      {}});
    return nullptr;
  }
  for (const auto& op : doc.operations) {
    if (op.name == name) return &op;
  }
  errors.push_back({"Unknown operation named \"" + name + "\".", {}});
  return nullptr;
}

// §6.4.1 CoerceVariableValues.
std::optional<json::object> coerce_variables(const Schema& schema, const OperationDefinition& op,
                                             const json::object& given,
                                             std::vector<GraphqlError>& errors) {
  json::object out;
  for (const auto& var : op.variables) {
    std::string name = "Variable \"$" + var.name + "\"";
    auto it = given.find(var.name);
    if (it == given.end()) {
      if (var.default_value) {
        auto value = coerce_literal(schema, *var.default_value, var.type, {});
        if (value) out[var.name] = std::move(*value);
      } else if (var.type.non_null) {
        errors.push_back(
            {name + " of required type \"" + var.type.to_string() + "\" was not provided.",
             {var.location}});
      }
      continue;
    }
    auto value = coerce_variable(schema, it->value(), var.type);
    if (!value) {
      errors.push_back({name + " got invalid value " + json::serialize(it->value()) + "; " +
                            value.error().message,
                        {var.location}});
      continue;
    }
    out[var.name] = std::move(*value);
  }
  if (!errors.empty()) return std::nullopt;
  return out;
}

// Parsing, validation, operation choice and variables: what happens before execution.
struct Prepared {
  Document document;
  const OperationDefinition* operation = nullptr;
  json::object variables;
};

std::variant<Prepared, ExecutionResult> prepare(const Schema& schema,
                                                const GraphqlRequest& request) {
  auto parsed = parse_request(request.query);
  if (!parsed) return ExecutionResult{error_response({parsed.error()}), true};
  Prepared p{std::move(*parsed), nullptr, {}};
  auto errors = validate(schema, p.document);
  if (!errors.empty()) return ExecutionResult{error_response(std::move(errors)), true};
  p.operation = select_operation(p.document, request.operation_name, errors);
  if (!p.operation) return ExecutionResult{error_response(std::move(errors)), true};
  auto variables = coerce_variables(schema, *p.operation, request.variables, errors);
  if (!variables) return ExecutionResult{error_response(std::move(errors)), true};
  p.variables = std::move(*variables);
  return p;
}

}  // namespace

boost::asio::awaitable<ExecutionResult> Executor::execute(const GraphqlRequest& request,
                                                          RequestContext& context) const {
  auto prepared = prepare(schema_, request);
  if (auto* failed = std::get_if<ExecutionResult>(&prepared)) co_return std::move(*failed);
  auto& p = std::get<Prepared>(prepared);
  if (p.operation->type == OperationType::kSubscription) {
    co_return ExecutionResult{
        error_response({{"Subscriptions are served as Server-Sent Events at the endpoint's "
                         "/sse path.",
                         {p.operation->location}}}),
        true};
  }
  detail::ExecutionState state(*this, p.document, p.variables, context);
  auto run = state.run(*p.operation);
  json::object response = co_await std::move(run);
  co_return ExecutionResult{std::move(response), false};
}

boost::asio::awaitable<std::variant<ExecutionResult, std::unique_ptr<Subscription>>>
Executor::subscribe(const GraphqlRequest& request, RequestContext& context) const {
  using Out = std::variant<ExecutionResult, std::unique_ptr<Subscription>>;
  auto prepared = prepare(schema_, request);
  if (auto* failed = std::get_if<ExecutionResult>(&prepared)) co_return Out(std::move(*failed));
  auto& p = std::get<Prepared>(prepared);
  if (p.operation->type != OperationType::kSubscription) {
    co_return Out(ExecutionResult{
        error_response({{"Only subscriptions are served here.", {p.operation->location}}}), true});
  }
  auto index = static_cast<std::size_t>(p.operation - p.document.operations.data());
  auto state = std::make_unique<Subscription::State>(Subscription::State{
      *this, std::move(p.document), index, std::move(p.variables), context, nullptr, {}});
  auto start = state->start();
  std::optional<json::object> failure = co_await std::move(start);
  if (failure) co_return Out(ExecutionResult{std::move(*failure), false});
  co_return Out(std::make_unique<Subscription>(std::move(state)));
}

}  // namespace meerkat::graphql
