// SPDX-License-Identifier: Apache-2.0
// Input checks of the API's custom scalars (JID, DomainName, PosInt …): a command receives
// only values that passed them, already normalised (JIDs stringprep'd).
#pragma once

#include "graphql/schema.hpp"

namespace meerkat::api::graphql {

void add_scalar_coercions(meerkat::graphql::Schema& schema);

}  // namespace meerkat::api::graphql
