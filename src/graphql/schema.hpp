// SPDX-License-Identifier: Apache-2.0
// A GraphQL type system (§3), built from schema language text. Meerkat's API schemas are
// written as .graphql files; the introspection types (§4.5) are defined the same way and added
// to every schema, so that introspection queries are executed like any other query.
#pragma once

#include <boost/json/value.hpp>
#include <boost/system/result.hpp>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "graphql/ast.hpp"

namespace meerkat::graphql {

enum class TypeKind { kScalar, kObject, kInterface, kUnion, kEnum, kInputObject };

struct InputValueDef {
  std::string name;
  std::string description;
  TypeRef type;
  std::optional<Value> default_value;
  std::vector<Directive> directives;
};

struct FieldDef {
  std::string name;
  std::string description;
  std::vector<InputValueDef> arguments;
  TypeRef type;
  std::vector<Directive> directives;

  const InputValueDef* argument(std::string_view name) const;
  const Directive* directive(std::string_view name) const;
  std::optional<std::string> deprecation_reason() const;
};

struct EnumValueDef {
  std::string name;
  std::string description;
  std::vector<Directive> directives;
};

// A custom scalar's input coercion: the JSON form of a literal or variable in, the value
// resolvers receive out, or a sentence saying what was expected.
struct InputError {
  std::string message;
};
using Coerced = boost::system::result<boost::json::value, InputError>;
using ScalarCoercion = std::function<Coerced(const boost::json::value&)>;

struct TypeDef {
  TypeKind kind = TypeKind::kScalar;
  std::string name;
  std::string description;
  std::vector<FieldDef> fields;             // object, interface
  std::vector<std::string> interfaces;      // object, interface
  std::vector<std::string> members;         // union
  std::vector<EnumValueDef> enum_values;    // enum
  std::vector<InputValueDef> input_fields;  // input object
  std::vector<Directive> directives;
  ScalarCoercion coerce;  // custom scalars; unset: any value is accepted as it is

  const FieldDef* field(std::string_view name) const;
  const InputValueDef* input_field(std::string_view name) const;
  bool has_enum_value(std::string_view name) const;
  const Directive* directive(std::string_view name) const;
};

struct DirectiveDef {
  std::string name;
  std::string description;
  std::vector<InputValueDef> arguments;
  std::vector<std::string> locations;  // "QUERY", "FIELD", "FIELD_DEFINITION", …
  bool repeatable = false;

  const InputValueDef* argument(std::string_view name) const;
};

class Schema {
 public:
  // Parses schema language text; the built-in scalars, directives and introspection types are
  // added. Errors name the line and column.
  static boost::system::result<Schema, GraphqlError> parse(std::string_view sdl);

  const TypeDef* type(std::string_view name) const;
  const DirectiveDef* directive(std::string_view name) const;
  const std::vector<TypeDef>& types() const { return types_; }
  const std::vector<DirectiveDef>& directives() const { return directives_; }
  const TypeDef* root(OperationType operation) const;
  std::string_view root_name(OperationType operation) const;

  // Object types that a value of `abstract` (interface or union) may have at run time.
  std::vector<const TypeDef*> possible_types(const TypeDef& abstract) const;
  bool is_possible_type(const TypeDef& abstract, const TypeDef& object) const;

  // Sets how a custom scalar's inputs are checked; false when there is no such scalar.
  bool set_scalar_coercion(std::string_view scalar, ScalarCoercion coerce);
  bool add_type(TypeDef type);  // false: the name is taken
  bool add_directive(DirectiveDef directive);
  void set_root(OperationType operation, std::string name);

 private:
  boost::system::result<void, GraphqlError> check() const;

  std::vector<TypeDef> types_;
  std::unordered_map<std::string, std::size_t> type_index_;
  std::vector<DirectiveDef> directives_;
  std::string roots_[3];
};

// Type tests shared by validation and execution (§3.4.1).
bool is_input_type(const Schema& schema, const TypeRef& type);
bool is_output_type(const Schema& schema, const TypeRef& type);
bool is_leaf(const TypeDef& type);
bool is_composite(const TypeDef& type);

}  // namespace meerkat::graphql
