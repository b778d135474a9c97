// SPDX-License-Identifier: Apache-2.0
// The routes of the REST admin API, one file per resource (openapi/admin.json). Each route
// runs the GraphQL admin command that does the same and answers with MongooseIM's REST status
// codes and bodies.
#pragma once

#include <vector>

#include "api/rest/route_table.hpp"

namespace meerkat::api::rest {

void add_admin_user_routes(std::vector<RestRoute>& routes);     // users, sessions
void add_admin_message_routes(std::vector<RestRoute>& routes);  // messages, stanzas
void add_admin_contact_routes(std::vector<RestRoute>& routes);  // contacts
void add_admin_room_routes(std::vector<RestRoute>& routes);     // muc_light, muc, inbox
void add_admin_domain_routes(std::vector<RestRoute>& routes);   // domain
void add_admin_metric_routes(std::vector<RestRoute>& routes);   // metrics

}  // namespace meerkat::api::rest
