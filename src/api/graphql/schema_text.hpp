// SPDX-License-Identifier: Apache-2.0
// The schema language text of the API's two GraphQL schemas, compiled in from
// src/api/graphql/schema/ (common/ with admin/, common/ with user/). Its own small library,
// so that meerkatctl can read the admin schema without linking the server.
#pragma once

#include <string_view>

namespace meerkat::api::graphql {

std::string_view admin_schema_text();
std::string_view user_schema_text();

}  // namespace meerkat::api::graphql
