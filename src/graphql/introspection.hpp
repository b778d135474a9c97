// SPDX-License-Identifier: Apache-2.0
// The values of the introspection types (§4.5): __Schema, __Type, __Field, __InputValue,
// __EnumValue and __Directive, computed from the schema when a query asks for them.
#pragma once

#include <memory>

#include "graphql/execution.hpp"

namespace meerkat::graphql {

std::shared_ptr<const ObjectSource> introspect_schema(const Schema& schema);
// `type` may be a list or non-null wrapper; `type.named()` must exist in the schema.
std::shared_ptr<const ObjectSource> introspect_type(const Schema& schema, const TypeRef& type);

}  // namespace meerkat::graphql
