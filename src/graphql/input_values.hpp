// SPDX-License-Identifier: Apache-2.0
// Input coercion (§3.5, §3.10, §3.11, §6.4.1): literals and variable values turned into the
// JSON values that resolvers receive, with the errors the specification asks for.
#pragma once

#include <boost/json/value.hpp>
#include <boost/system/result.hpp>
#include <optional>
#include <string>

#include "graphql/ast.hpp"
#include "graphql/schema.hpp"

namespace meerkat::graphql {

// Whether a scalar literal (no variable, list or object) fits the built-in scalar `type`;
// custom scalars take any literal here and are checked by their resolvers.
std::optional<std::string> scalar_literal_error(const TypeDef& type, const Value& value);

// The literal `value` coerced to `type`, with $variables taken from `variables` (already
// coerced). Errors are sentences for the response.
Coerced coerce_literal(const Schema& schema, const Value& value, const TypeRef& type,
                       const boost::json::object& variables);

// A variable's JSON value coerced to its declared type (§6.4.1).
Coerced coerce_variable(const Schema& schema, const boost::json::value& value, const TypeRef& type);

// A literal printed back as GraphQL (for __InputValue.defaultValue).
std::string print_value(const Value& value);

}  // namespace meerkat::graphql
