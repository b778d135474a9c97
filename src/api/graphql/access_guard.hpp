// SPDX-License-Identifier: Apache-2.0
// What a caller may run, read from the schema's own directives as MongooseIM declares them:
// @protected (who: any authenticated caller, domain admins of the domains in the named
// arguments, or the global admin only), @use (the modules a command needs), plus the
// endpoint's allowed_categories. Runs before every command and category.
#pragma once

#include "config/config.hpp"
#include "graphql/execution.hpp"

namespace meerkat::api::graphql {

meerkat::graphql::FieldGuard make_access_guard(const meerkat::graphql::Schema& schema,
                                               const config::Config& config);

// The category a root field belongs to, as allowed_categories names it ("httpUpload" is
// "http_upload").
std::string category_of(std::string_view root_field);

}  // namespace meerkat::api::graphql
