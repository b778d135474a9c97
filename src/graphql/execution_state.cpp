// SPDX-License-Identifier: Apache-2.0
#include "graphql/execution_state.hpp"

#include <boost/json/serialize.hpp>
#include <cmath>
#include <limits>

#include "graphql/input_values.hpp"
#include "graphql/introspection.hpp"

namespace meerkat::graphql::detail {

namespace json = boost::json;

namespace {

// The meta-fields (§4.4): on every type, and on the query root.
const FieldDef kTypename{"__typename", {}, {}, {"String", nullptr, true}, {}};
const FieldDef kSchemaField{"__schema", {}, {}, {"__Schema", nullptr, true}, {}};
const FieldDef kTypeField{"__type",
                          {},
                          {{"name", {}, {"String", nullptr, true}, {}, {}}},
                          {"__Type", nullptr, false},
                          {}};

}  // namespace

boost::asio::awaitable<json::object> ExecutionState::run(const OperationDefinition& op) {
  root_ = schema_.root(op.type);
  Resolved root_value(json::object{});
  Path path;
  Nodes nodes;
  Selection top;
  top.selection_set = op.selection_set;
  nodes.push_back(&top);
  auto data = co_await selection_set(*root_, root_value, nodes, path);
  json::object response;
  if (!errors_.empty()) response["errors"] = std::move(errors_);
  response["data"] = data ? std::move(*data) : json::value();
  co_return response;
}

void ExecutionState::collect(const TypeDef& type, const std::vector<Selection>& set, Fields& out,
                             std::set<std::string>& fragments) const {
  for (const auto& s : set) {
    if (!included(s.directives)) continue;
    if (s.kind == Selection::Kind::kField) {
      auto it = std::find_if(out.begin(), out.end(),
                             [&](const auto& f) { return f.first == s.response_name(); });
      if (it == out.end()) {
        out.emplace_back(s.response_name(), Nodes{&s});
      } else {
        it->second.push_back(&s);
      }
    } else if (s.kind == Selection::Kind::kInlineFragment) {
      if (s.type_condition.empty() || applies(type, s.type_condition)) {
        collect(type, s.selection_set, out, fragments);
      }
    } else if (fragments.insert(s.name).second) {
      for (const auto& f : document_.fragments) {
        if (f.name == s.name && applies(type, f.type_condition)) {
          collect(type, f.selection_set, out, fragments);
        }
      }
    }
  }
}

bool ExecutionState::included(const std::vector<Directive>& directives) const {
  for (const auto& d : directives) {
    if (d.name != "skip" && d.name != "include") continue;
    bool condition = false;
    for (const auto& a : d.arguments) {
      if (a.name != "if") continue;
      auto v = coerce_literal(schema_, a.value, {"Boolean", nullptr, true}, variables_);
      condition = v && v->is_bool() && v->as_bool();
    }
    if ((d.name == "skip") == condition) return false;
  }
  return true;
}

bool ExecutionState::applies(const TypeDef& object, const std::string& condition) const {
  const TypeDef* type = schema_.type(condition);
  return type && (type == &object || schema_.is_possible_type(*type, object));
}

void ExecutionState::field_error(std::string message, const Selection& at, const Path& path,
                                 json::object extensions) {
  json::object e;
  e["message"] = std::move(message);
  e["locations"] = json::array{{{"line", at.location.line}, {"column", at.location.column}}};
  e["path"] = json::array(path.begin(), path.end());
  if (!extensions.empty()) e["extensions"] = std::move(extensions);
  errors_.push_back(std::move(e));
}

// §6.4.1 CoerceArgumentValues.
std::optional<json::object> ExecutionState::arguments(const FieldDef& field, const Selection& node,
                                                      const Path& path) {
  json::object out;
  for (const auto& def : field.arguments) {
    auto given = std::find_if(node.arguments.begin(), node.arguments.end(),
                              [&](const auto& a) { return a.name == def.name; });
    bool absent = given == node.arguments.end() || (given->value.kind == Value::Kind::kVariable &&
                                                    !variables_.contains(given->value.text));
    if (absent) {
      if (def.default_value) {
        auto value = coerce_literal(schema_, *def.default_value, def.type, {});
        if (value) out[def.name] = std::move(*value);
      } else if (def.type.non_null) {
        field_error("Argument \"" + def.name + "\" of required type \"" + def.type.to_string() +
                        "\" was not provided.",
                    node, path);
        return std::nullopt;
      }
      continue;
    }
    auto value = coerce_literal(schema_, given->value, def.type, variables_);
    if (!value) {
      field_error("Argument \"" + def.name + "\": " + value.error().message, node, path,
                  {{"code", "bad_argument"}});
      return std::nullopt;
    }
    out[def.name] = std::move(*value);
  }
  return out;
}

const FieldDef* ExecutionState::field_def(const TypeDef& parent, const std::string& name) const {
  if (name == "__typename") return &kTypename;
  if (&parent == schema_.root(OperationType::kQuery)) {
    if (name == "__schema") return &kSchemaField;
    if (name == "__type") return &kTypeField;
  }
  return parent.field(name);
}

boost::asio::awaitable<std::optional<json::value>> ExecutionState::selection_set(
    const TypeDef& type, const Resolved& parent, const Nodes& nodes, Path& path) {
  Fields fields;
  std::set<std::string> fragments;
  for (const auto* node : nodes) collect(type, node->selection_set, fields, fragments);
  json::object result;
  for (const auto& [name, field_nodes] : fields) {
    auto value = co_await field(type, parent, field_nodes, path);
    if (!value) co_return std::nullopt;
    result[name] = std::move(*value);
  }
  co_return json::value(std::move(result));
}

boost::asio::awaitable<std::optional<json::value>> ExecutionState::field(const TypeDef& parent_type,
                                                                         const Resolved& parent,
                                                                         const Nodes& nodes,
                                                                         Path& path) {
  const Selection& node = *nodes.front();
  const FieldDef* def = field_def(parent_type, node.name);
  if (!def) co_return json::value();  // validation rules this out
  if (++fields_resolved_ > kMaxFields) {
    if (fields_resolved_ == kMaxFields + 1) {
      field_error("The request asks for more than " + std::to_string(kMaxFields) +
                      " fields; ask for less at a time",
                  node, path, {{"code", "too_many_fields"}});
    }
    co_return std::nullopt;
  }
  if (def == &kTypename) co_return json::value(json::string(parent_type.name));
  path.emplace_back(json::string(node.response_name()));
  std::optional<json::value> out;
  auto args = arguments(*def, node, path);
  if (args) {
    FieldResult resolved = Resolved();
    if (event && path == stream_path) {
      resolved = *event;
    } else {
      auto call = resolve(parent_type, *def, *args, parent);
      resolved = co_await std::move(call);
    }
    if (!resolved) {
      field_error(resolved.error().message, node, path, resolved.error().extensions);
    } else if (resolved->stream) {
      if (!stream) {
        stream = resolved->stream;
        stream_path = path;
      }
      out = json::value();
    } else {
      auto completion = complete(def->type, nodes, *resolved, path);
      out = co_await std::move(completion);
    }
  }
  path.pop_back();
  if (!out && !def->type.non_null) out = json::value();
  co_return out;
}

boost::asio::awaitable<FieldResult> ExecutionState::resolve(const TypeDef& parent_type,
                                                            const FieldDef& def,
                                                            const json::object& args,
                                                            const Resolved& parent) {
  if (&def == &kSchemaField) co_return Resolved::of(introspect_schema(schema_));
  if (&def == &kTypeField) {
    const TypeDef* type = schema_.type(args.at("name").as_string());
    if (!type) co_return Resolved();
    co_return Resolved::of(introspect_type(schema_, {type->name, nullptr, false}));
  }
  FieldContext context{parent_type, def, args, parent, context_};
  if (const Resolver* resolver = executor_.resolver(parent_type.name, def.name)) {
    if (executor_.guard()) {
      if (auto denied = executor_.guard()(context)) co_return *denied;
    }
    auto call = (*resolver)(context);
    FieldResult result = co_await std::move(call);
    co_return result;
  }
  if (parent.object) co_return parent.object->field(def.name, args);
  if (parent.json.is_object()) {
    if (const auto* v = parent.json.as_object().if_contains(def.name)) co_return Resolved(*v);
  }
  // The fields of the root types that nobody resolves are categories: namespaces for the
  // commands below them.
  if (&parent_type == root_ && schema_.type(def.type.named())->kind == TypeKind::kObject) {
    if (executor_.guard()) {
      if (auto denied = executor_.guard()(context)) co_return *denied;
    }
    co_return Resolved(json::object{});
  }
  co_return Resolved();
}

boost::asio::awaitable<std::optional<json::value>> ExecutionState::complete(const TypeRef& type,
                                                                            const Nodes& nodes,
                                                                            const Resolved& value,
                                                                            Path& path) {
  const Selection& node = *nodes.front();
  if (type.non_null) {
    TypeRef inner = type;
    inner.non_null = false;
    auto completion = complete(inner, nodes, value, path);
    auto out = co_await std::move(completion);
    if (out && out->is_null()) {
      field_error("Cannot return null for non-nullable field.", node, path);
      co_return std::nullopt;
    }
    co_return out;
  }
  bool is_null = !value.object && !value.list && value.json.is_null();
  if (is_null) co_return json::value();
  if (type.is_list()) {
    std::vector<Resolved> items;
    if (value.list) {
      items = *value.list;
    } else if (value.json.is_array()) {
      for (const auto& v : value.json.as_array()) items.emplace_back(v);
    } else {
      field_error("Expected a list, but did not find one.", node, path);
      co_return std::nullopt;
    }
    json::array out;
    for (std::size_t i = 0; i < items.size(); ++i) {
      path.emplace_back(static_cast<std::int64_t>(i));
      auto completion = complete(*type.item, nodes, items[i], path);
      auto item = co_await std::move(completion);
      path.pop_back();
      if (!item) {
        if (type.item->non_null) co_return std::nullopt;
        item = json::value();
      }
      out.push_back(std::move(*item));
    }
    co_return json::value(std::move(out));
  }
  const TypeDef* def = schema_.type(type.name);
  if (is_leaf(*def)) co_return complete_leaf(*def, nodes, value, path);
  const TypeDef* object = def;
  if (def->kind != TypeKind::kObject) {
    object = runtime_type(*def, value);
    if (!object) {
      field_error("Abstract type \"" + def->name + "\" could not be resolved to an object type.",
                  node, path);
      co_return std::nullopt;
    }
  }
  auto sub = selection_set(*object, value, nodes, path);
  co_return co_await std::move(sub);
}

const TypeDef* ExecutionState::runtime_type(const TypeDef& abstract, const Resolved& value) const {
  std::string name;
  if (value.object) {
    name = value.object->type_name();
  } else if (value.json.is_object()) {
    if (const auto* n = value.json.as_object().if_contains("__typename"); n && n->is_string()) {
      name = n->as_string();
    }
  }
  const TypeDef* object = schema_.type(name);
  if (!object || !schema_.is_possible_type(abstract, *object)) return nullptr;
  return object;
}

// §3.5 result coercion of leaves; custom scalars are passed as the resolver made them.
std::optional<json::value> ExecutionState::complete_leaf(const TypeDef& type, const Nodes& nodes,
                                                         const Resolved& value, const Path& path) {
  const json::value& v = value.json;
  const std::string& name = type.name;
  bool ok = true;
  json::value out = v;
  if (type.kind == TypeKind::kEnum) {
    ok = v.is_string() && type.has_enum_value(v.as_string());
  } else if (name == "Int") {
    ok = (v.is_int64() && v.as_int64() >= std::numeric_limits<std::int32_t>::min() &&
          v.as_int64() <= std::numeric_limits<std::int32_t>::max()) ||
         (v.is_uint64() && v.as_uint64() <= std::numeric_limits<std::int32_t>::max());
  } else if (name == "Float") {
    ok = v.is_number();
  } else if (name == "Boolean") {
    ok = v.is_bool();
  } else if (name == "String" || name == "ID") {
    ok = v.is_string() || v.is_number() || (name == "String" && v.is_bool());
    if (ok && !v.is_string()) out = json::string(json::serialize(v));
  }
  if (!ok) {
    field_error(name + " cannot represent value: " + json::serialize(v), *nodes.front(), path);
    return std::nullopt;
  }
  return out;
}

}  // namespace meerkat::graphql::detail

namespace meerkat::graphql {

Subscription::Subscription(std::unique_ptr<State> state) : state_(std::move(state)) {}
Subscription::~Subscription() = default;

boost::asio::awaitable<std::optional<boost::json::object>> Subscription::State::start() {
  detail::ExecutionState setup(executor, document, variables, context);
  auto run = setup.run(document.operations[operation]);
  boost::json::object response = co_await std::move(run);
  if (!setup.stream) {
    if (!response.contains("errors")) {
      response["errors"] =
          boost::json::array{{{"message", "The subscription has no event source."}}};
    }
    co_return response;
  }
  stream = setup.stream;
  path = setup.stream_path;
  co_return std::nullopt;
}

boost::asio::awaitable<std::optional<boost::json::object>> Subscription::next() {
  auto& s = *state_;
  auto wait = s.stream->next();
  std::optional<Resolved> event = co_await std::move(wait);
  if (!event) co_return std::nullopt;
  detail::ExecutionState state(s.executor, s.document, s.variables, s.context);
  state.stream_path = s.path;
  state.event = &*event;
  auto run = state.run(s.document.operations[s.operation]);
  boost::json::object response = co_await std::move(run);
  co_return response;
}

}  // namespace meerkat::graphql
