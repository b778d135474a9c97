// SPDX-License-Identifier: Apache-2.0
// The routes of the REST client API, one file per resource (openapi/client.json). Each runs
// the GraphQL user commands that do the same, as the authenticated user.
#pragma once

#include <string>
#include <vector>

#include "api/rest/route_table.hpp"

namespace meerkat::api::rest {

void add_client_message_routes(std::vector<RestRoute>& routes);  // messages
void add_client_event_routes(std::vector<RestRoute>& routes);    // sse
void add_client_contact_routes(std::vector<RestRoute>& routes);  // contacts
// rooms, rooms_config, rooms_users, rooms_messages
void add_client_room_routes(std::vector<RestRoute>& routes);

}  // namespace meerkat::api::rest
