// SPDX-License-Identifier: Apache-2.0
// Recursive-descent parsers for GraphQL requests (executable documents, §2) and for the type
// system language that the schemas are written in (§3).
#pragma once

#include <boost/system/result.hpp>
#include <string_view>

#include "graphql/ast.hpp"

namespace meerkat::graphql {

class Schema;

// Requests may not nest deeper than this; deeper ones are rejected before any work is done.
inline constexpr int kMaxDepth = 64;

boost::system::result<Document, GraphqlError> parse_request(std::string_view text);

// Adds the definitions in `sdl` to `schema`.
boost::system::result<void, GraphqlError> parse_schema_into(std::string_view sdl, Schema& schema);

// A value literal on its own (`{a: 1}`), as default values and tests use them.
boost::system::result<Value, GraphqlError> parse_value(std::string_view text);

}  // namespace meerkat::graphql
