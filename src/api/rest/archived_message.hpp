// SPDX-License-Identifier: Apache-2.0
// Messages as the REST APIs show them, made from the GraphQL StanzaMap objects (sender,
// timestamp, stanza_id, stanza as XML) that stanza.getLastMessages and
// stanza.subscribeForMessages give: the admin API's archive items and the client API's
// message objects (MongooseIM's fields, Smack stanza properties included).
#pragma once

#include <boost/json.hpp>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/xml/element.hpp"

namespace meerkat::api::rest {

struct ArchivedMessage {
  xml::Element stanza;
  std::string sender;  // as GraphQL gives it: the author's JID
  std::chrono::system_clock::time_point time;
};

// nullopt when `map` is not a StanzaMap with a parsable message.
std::optional<ArchivedMessage> parse_stanza_map(const boost::json::value& map);

// The admin API's item: {sender, timestamp (Unix seconds), message_id, body}.
boost::json::object admin_message_json(const ArchivedMessage& message);

// The client API's message: {from, to (bare JIDs), id, body, timestamp (Unix milliseconds)},
// plus thread, parent and properties when the message has them. `sender` stands in for a
// missing from attribute.
boost::json::object client_message_json(const xml::Element& stanza,
                                        std::chrono::system_clock::time_point time,
                                        std::string_view sender = {});

std::int64_t unix_millis(std::chrono::system_clock::time_point time);

}  // namespace meerkat::api::rest
