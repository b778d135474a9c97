// SPDX-License-Identifier: Apache-2.0
// Request validation (§5): the rules of the specification that can be checked before
// execution, so that a request which would fail does no work at all. What graphql-js's
// validate() rejects is rejected here too (tests/e2e compares the two).
#pragma once

#include <vector>

#include "graphql/ast.hpp"
#include "graphql/schema.hpp"

namespace meerkat::graphql {

std::vector<GraphqlError> validate(const Schema& schema, const Document& document);

}  // namespace meerkat::graphql
