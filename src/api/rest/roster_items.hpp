// SPDX-License-Identifier: Apache-2.0
// Roster entries and subscription actions as both REST APIs spell them: GraphQL's Contact
// objects become {jid, subscription, ask} in lower case, and MongooseIM's REST actions
// (subscribe/invite, subscribed/accept) become GraphQL's SubAction values.
#pragma once

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace meerkat::api::rest {

// GraphQL's [Contact] with the fields { jid subscription ask }, as the REST APIs list them.
boost::json::array contacts_json(const boost::json::value& contacts);

// INVITE or ACCEPT for a REST action; nullopt for anything else.
std::optional<std::string> subscription_action(std::string_view action);

}  // namespace meerkat::api::rest
