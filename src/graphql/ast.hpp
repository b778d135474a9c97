// SPDX-License-Identifier: Apache-2.0
// The syntax tree of GraphQL documents: requests (operations and fragments, §2) and the value
// and type references that the schema language shares with them.
#pragma once

#include <boost/assert/source_location.hpp>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "graphql/lexer.hpp"

namespace meerkat::graphql {

// A literal or variable as written in a document (§2.9).
struct Value {
  enum class Kind { kVariable, kInt, kFloat, kString, kBoolean, kNull, kEnum, kList, kObject };
  Kind kind = Kind::kNull;
  std::string text;  // variable or enum name, number as written, string value, "true"/"false"
  std::vector<Value> list;
  std::vector<std::pair<std::string, Value>> fields;
  Location location;
};

// `Name`, `[T]`, `T!` (§2.11).
struct TypeRef {
  std::string name;                     // empty for a list
  std::shared_ptr<const TypeRef> item;  // the list's item type
  bool non_null = false;

  bool is_list() const { return item != nullptr; }
  const std::string& named() const { return item ? item->named() : name; }
  std::string to_string() const;
};

struct Argument {
  std::string name;
  Value value;
  Location location;
};

struct Directive {
  std::string name;
  std::vector<Argument> arguments;
  Location location;
};

// A field, a fragment spread or an inline fragment (§2.4).
struct Selection {
  enum class Kind { kField, kFragmentSpread, kInlineFragment };
  Kind kind = Kind::kField;
  std::string alias;  // empty: the field's name
  std::string name;   // field or fragment name
  std::vector<Argument> arguments;
  std::vector<Directive> directives;
  std::vector<Selection> selection_set;
  std::string type_condition;  // inline fragment; empty when absent
  Location location;

  const std::string& response_name() const { return alias.empty() ? name : alias; }
};

struct VariableDefinition {
  std::string name;
  TypeRef type;
  std::optional<Value> default_value;
  std::vector<Directive> directives;
  Location location;
};

enum class OperationType { kQuery, kMutation, kSubscription };

struct OperationDefinition {
  OperationType type = OperationType::kQuery;
  std::string name;  // empty: anonymous
  std::vector<VariableDefinition> variables;
  std::vector<Directive> directives;
  std::vector<Selection> selection_set;
  Location location;
};

struct FragmentDefinition {
  std::string name;
  std::string type_condition;
  std::vector<Directive> directives;
  std::vector<Selection> selection_set;
  Location location;
};

struct Document {
  std::vector<OperationDefinition> operations;
  std::vector<FragmentDefinition> fragments;
};

// A request error as the response's "errors" list shows it (§7.1.2).
struct GraphqlError {
  std::string message;
  std::vector<Location> locations;
};

// Found by argument-dependent lookup: what result<T, GraphqlError>::value() throws.
[[noreturn]] void throw_exception_from_error(const GraphqlError& e,
                                             const boost::source_location& loc);

}  // namespace meerkat::graphql
