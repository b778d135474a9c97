// SPDX-License-Identifier: Apache-2.0
#include "graphql/input_values.hpp"

#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>
#include <limits>

namespace meerkat::graphql {

namespace {

namespace json = boost::json;

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

bool is_builtin_scalar(std::string_view name) {
  return name == "Int" || name == "Float" || name == "String" || name == "Boolean" || name == "ID";
}

std::optional<std::int64_t> parse_int(const std::string& text) {
  std::int64_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return n;
}

bool fits_int32(std::int64_t n) {
  return n >= std::numeric_limits<std::int32_t>::min() &&
         n <= std::numeric_limits<std::int32_t>::max();
}

// A literal's value as plain JSON, for custom scalars (which see what the client wrote).
json::value untyped(const Value& v, const json::object& variables) {
  switch (v.kind) {
    case Value::Kind::kVariable: {
      auto it = variables.find(v.text);
      return it == variables.end() ? json::value() : it->value();
    }
    case Value::Kind::kInt:
      if (auto n = parse_int(v.text)) return *n;
      return std::strtod(v.text.c_str(), nullptr);
    case Value::Kind::kFloat: return std::strtod(v.text.c_str(), nullptr);
    case Value::Kind::kBoolean: return v.text == "true";
    case Value::Kind::kNull: return nullptr;
    case Value::Kind::kString:
    case Value::Kind::kEnum: return json::string(v.text);
    case Value::Kind::kList: {
      json::array a;
      for (const auto& item : v.list) a.push_back(untyped(item, variables));
      return a;
    }
    case Value::Kind::kObject: {
      json::object o;
      for (const auto& [k, item] : v.fields) o[k] = untyped(item, variables);
      return o;
    }
  }
  return nullptr;
}

// Built-in scalars from JSON input (§3.5): what a variable or a literal may be.
Coerced builtin_scalar(const TypeDef& type, const json::value& v) {
  const std::string& name = type.name;
  std::string shown = json::serialize(v);
  if (name == "Int") {
    std::optional<std::int64_t> n;
    if (v.is_int64()) n = v.as_int64();
    if (v.is_uint64() && v.as_uint64() <= std::numeric_limits<std::int64_t>::max()) {
      n = static_cast<std::int64_t>(v.as_uint64());
    }
    if (v.is_double() && std::floor(v.as_double()) == v.as_double() &&
        std::abs(v.as_double()) < 1e15) {
      n = static_cast<std::int64_t>(v.as_double());
    }
    if (!v.is_number() || (!n && !v.is_double())) {
      return InputError{"Int cannot represent non-integer value: " + shown};
    }
    if (!n) return InputError{"Int cannot represent non-integer value: " + shown};
    if (!fits_int32(*n))
      return InputError{"Int cannot represent non 32-bit signed integer value: " + shown};
    return json::value(*n);
  }
  if (name == "Float") {
    if (!v.is_number()) return InputError{"Float cannot represent non numeric value: " + shown};
    return json::value(v.to_number<double>());
  }
  if (name == "String") {
    if (!v.is_string()) return InputError{"String cannot represent a non string value: " + shown};
    return v;
  }
  if (name == "Boolean") {
    if (!v.is_bool()) return InputError{"Boolean cannot represent a non boolean value: " + shown};
    return v;
  }
  if (v.is_string()) return v;
  if (v.is_int64() || v.is_uint64()) return json::value(json::string(shown));
  return InputError{"ID cannot represent value: " + shown};
}

Coerced scalar(const TypeDef& type, const json::value& v) {
  if (is_builtin_scalar(type.name)) return builtin_scalar(type, v);
  if (type.coerce) return type.coerce(v);
  return v;
}

}  // namespace

std::optional<std::string> scalar_literal_error(const TypeDef& type, const Value& value) {
  if (!is_builtin_scalar(type.name)) return std::nullopt;
  json::value v;
  switch (value.kind) {
    case Value::Kind::kInt:
      if (auto n = parse_int(value.text)) {
        v = *n;
      } else {
        return "Int cannot represent non 32-bit signed integer value: " + value.text;
      }
      break;
    case Value::Kind::kFloat:
      if (type.name != "Float") {
        return type.name + " cannot represent a non " +
               (type.name == "Int" ? "integer" : "string") + " value: " + value.text;
      }
      v = std::strtod(value.text.c_str(), nullptr);
      break;
    case Value::Kind::kString: v = json::string(value.text); break;
    case Value::Kind::kBoolean: v = value.text == "true"; break;
    default: return type.name + " cannot represent value: " + print_value(value);
  }
  if (auto r = builtin_scalar(type, v); !r) return r.error().message;
  return std::nullopt;
}

Coerced coerce_literal(const Schema& schema, const Value& value, const TypeRef& type,
                       const json::object& variables) {
  if (value.kind == Value::Kind::kVariable) {
    auto it = variables.find(value.text);
    if (it == variables.end() || it->value().is_null()) {
      if (type.non_null)
        return InputError{"Expected value of type " + quoted(type.to_string()) + ", found null."};
      return json::value();
    }
    return it->value();
  }
  if (value.kind == Value::Kind::kNull) {
    if (type.non_null)
      return InputError{"Expected value of type " + quoted(type.to_string()) + ", found null."};
    return json::value();
  }
  if (type.is_list()) {
    json::array out;
    if (value.kind != Value::Kind::kList) {
      auto one = coerce_literal(schema, value, *type.item, variables);
      if (!one) return one.error();
      out.push_back(std::move(*one));
      return out;
    }
    for (const auto& item : value.list) {
      auto one = coerce_literal(schema, item, *type.item, variables);
      if (!one) return one.error();
      out.push_back(std::move(*one));
    }
    return out;
  }
  const TypeDef* def = schema.type(type.name);
  if (!def) return InputError{"Unknown type " + quoted(type.name) + "."};
  if (def->kind == TypeKind::kInputObject) {
    if (value.kind != Value::Kind::kObject) {
      return InputError{"Expected value of type " + quoted(def->name) + ", found " +
                        print_value(value) + "."};
    }
    return coerce_variable(schema, untyped(value, variables), type);
  }
  if (def->kind == TypeKind::kEnum) {
    if (value.kind != Value::Kind::kEnum || !def->has_enum_value(value.text)) {
      return InputError{"Value " + print_value(value) + " does not exist in " + quoted(def->name) +
                        " enum."};
    }
    return json::value(json::string(value.text));
  }
  if (auto problem = scalar_literal_error(*def, value)) return InputError{*problem};
  return scalar(*def, untyped(value, variables));
}

Coerced coerce_variable(const Schema& schema, const json::value& value, const TypeRef& type) {
  if (value.is_null()) {
    if (type.non_null) {
      return InputError{"Expected non-nullable type " + quoted(type.to_string()) +
                        " not to be null."};
    }
    return json::value();
  }
  if (type.is_list()) {
    json::array out;
    if (!value.is_array()) {
      auto one = coerce_variable(schema, value, *type.item);
      if (!one) return one.error();
      out.push_back(std::move(*one));
      return out;
    }
    for (const auto& item : value.as_array()) {
      auto one = coerce_variable(schema, item, *type.item);
      if (!one) return one.error();
      out.push_back(std::move(*one));
    }
    return out;
  }
  const TypeDef* def = schema.type(type.name);
  if (!def) return InputError{"Unknown type " + quoted(type.name) + "."};
  if (def->kind == TypeKind::kEnum) {
    if (!value.is_string() || !def->has_enum_value(value.as_string())) {
      return InputError{"Value " + json::serialize(value) + " does not exist in " +
                        quoted(def->name) + " enum."};
    }
    return value;
  }
  if (def->kind != TypeKind::kInputObject) return scalar(*def, value);
  if (!value.is_object()) {
    return InputError{"Expected type " + quoted(def->name) + " to be an object."};
  }
  json::object out;
  for (const auto& [key, item] : value.as_object()) {
    if (!def->input_field(key)) {
      return InputError{"Field " + quoted(key) + " is not defined by type " + quoted(def->name) +
                        "."};
    }
  }
  for (const auto& f : def->input_fields) {
    auto it = value.as_object().find(f.name);
    if (it == value.as_object().end()) {
      if (f.default_value) {
        auto d = coerce_literal(schema, *f.default_value, f.type, {});
        if (!d) return d.error();
        out[f.name] = std::move(*d);
      } else if (f.type.non_null) {
        return InputError{"Field " + quoted(def->name + "." + f.name) + " of required type " +
                          quoted(f.type.to_string()) + " was not provided."};
      }
      continue;
    }
    auto one = coerce_variable(schema, it->value(), f.type);
    if (!one) return InputError{"Field " + quoted(f.name) + ": " + one.error().message};
    out[f.name] = std::move(*one);
  }
  return out;
}

std::string print_value(const Value& v) {
  switch (v.kind) {
    case Value::Kind::kVariable: return "$" + v.text;
    case Value::Kind::kString: return json::serialize(json::string(v.text));
    case Value::Kind::kList: {
      std::string out = "[";
      for (std::size_t i = 0; i < v.list.size(); ++i) {
        out += (i ? ", " : "") + print_value(v.list[i]);
      }
      return out + "]";
    }
    case Value::Kind::kObject: {
      std::string out = "{";
      for (std::size_t i = 0; i < v.fields.size(); ++i) {
        out += (i ? ", " : "") + v.fields[i].first + ": " + print_value(v.fields[i].second);
      }
      return out + "}";
    }
    case Value::Kind::kNull: return "null";
    default: return v.text;
  }
}

}  // namespace meerkat::graphql
