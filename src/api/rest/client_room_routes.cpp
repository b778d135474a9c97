// SPDX-License-Identifier: Apache-2.0
// REST client API, groups "rooms", "rooms_config", "rooms_users" and "rooms_messages": the
// caller's MUC Light rooms (muc_light.* user commands; room posts go out as the caller's own
// stanza). Until mod_muc_light is enabled the GraphQL guard answers deps_not_loaded, which
// these routes pass on as 404 naming the module.
#include <boost/algorithm/string/case_conv.hpp>
#include <chrono>

#include "api/rest/archived_message.hpp"
#include "api/rest/client_routes.hpp"
#include "core/jid/jid.hpp"
#include "core/ns.hpp"
#include "core/stanza/datetime.hpp"
#include "core/stanza/id.hpp"
#include "core/xml/writer.hpp"

namespace meerkat::api::rest {

namespace {

using Reply = boost::asio::awaitable<std::optional<http::Response>>;

constexpr std::string_view kAffiliations = "urn:xmpp:muclight:0#affiliations";
constexpr const char* kCreateRoom =
    "mutation($mucDomain: DomainName!, $id: RoomName, $name: String, $subject: String) "
    "{ muc_light { createRoom(mucDomain: $mucDomain, id: $id, name: $name, subject: $subject) "
    "{ jid } } }";
constexpr const char* kListRooms = "query { muc_light { listRooms } }";
constexpr const char* kRoomConfig =
    "query($room: BareJID!) { muc_light { getRoomConfig(room: $room) "
    "{ jid name subject participants { jid affiliation } } } }";
constexpr const char* kChangeConfig =
    "mutation($room: BareJID!, $name: String, $subject: String) "
    "{ muc_light { changeRoomConfiguration(room: $room, name: $name, subject: $subject) { jid } } "
    "}";
constexpr const char* kInvite =
    "mutation($room: BareJID!, $user: JID!) { muc_light { inviteUser(room: $room, recipient: "
    "$user) } }";
constexpr const char* kKick =
    "mutation($room: BareJID!, $user: JID!) { muc_light { kickUser(room: $room, user: $user) } }";
constexpr const char* kSendStanza =
    "mutation($stanza: XmlElement) { stanza { sendStanza(stanza: $stanza) { id } } }";
constexpr const char* kRoomMessages =
    "query($room: BareJID!, $limit: PosInt, $before: DateTime) { muc_light { "
    "getRoomMessages(room: $room, pageSize: $limit, before: $before) "
    "{ stanzas { sender timestamp stanza_id stanza } } } }";

// mod_muc_light's service for the caller's domain.
std::string service_of(const RestCall& call) {
  const auto& light = call.api().services().config.modules.mod_muc_light;
  std::string service = light ? light->host : "muclight.@HOST@";
  if (auto at = service.find("@HOST@"); at != std::string::npos) {
    service.replace(at, 6, call.caller().domain);
  }
  return service;
}

// {id} is a room's ID on the caller's service, or a room JID.
RestResult<std::string> room_of(const RestCall& call, const std::string& id) {
  if (id.find('@') != std::string::npos) {
    auto jid = jid::Jid::parse(id);
    if (!jid || !jid->is_bare()) return bad_request("Invalid room ID");
    return jid->to_string();
  }
  return jid_of(id, service_of(call));
}

std::string id_of(const json::value& room) {
  std::string_view jid = room.is_string() ? std::string_view(room.as_string()) : "";
  return std::string(jid.substr(0, jid.find('@')));
}

// Optional name and subject of a RoomInput body into `variables`.
std::optional<RestError> room_input(const json::object& body, json::object& variables) {
  for (const char* field : {"name", "subject"}) {
    auto value = optional_string_field(body, field, field);
    if (!value) return value.error();
    if (*value) variables[field] = **value;
  }
  return std::nullopt;
}

// POST /rooms {name, subject}: 200 {id}; PUT /rooms/{id}: 201 {id}
Reply create_room(RestCall call) {
  auto body = call.body();
  if (!body) co_return error_reply(call.request(), body.error());
  json::object variables{{"mucDomain", service_of(call)}};
  if (auto error = room_input(*body, variables)) co_return error_reply(call.request(), *error);
  bool with_id = call.param_count() == 1;
  if (with_id) variables["id"] = call.param(0);
  auto run = call.graphql("muc_light", "createRoom", kCreateRoom, std::move(variables));
  auto room = co_await std::move(run);
  if (!room) co_return error_reply(call.request(), room.error());
  co_return json_reply(call.request(), with_id ? http::Status::created : http::Status::ok,
                       json::object{{"id", id_of(room->as_object().at("jid"))}});
}

// GET /rooms: [{id, name, subject}]
Reply list_rooms(RestCall call) {
  auto run = call.graphql("muc_light", "listRooms", kListRooms, {});
  auto rooms = co_await std::move(run);
  if (!rooms) co_return error_reply(call.request(), rooms.error());
  json::array out;
  if (rooms->is_array()) {
    for (const auto& room : rooms->as_array()) {
      auto lookup = call.graphql("muc_light", "getRoomConfig", kRoomConfig, {{"room", room}});
      auto config = co_await std::move(lookup);
      if (!config || !config->is_object()) continue;  // left meanwhile
      const auto& c = config->as_object();
      out.push_back(
          json::object{{"id", id_of(room)}, {"name", c.at("name")}, {"subject", c.at("subject")}});
    }
  }
  co_return json_reply(call.request(), http::Status::ok, out);
}

// GET /rooms/{id}: {name, subject, participants: [{user, role}]}
Reply get_room(RestCall call) {
  auto room = room_of(call, call.param(0));
  if (!room) co_return error_reply(call.request(), room.error());
  auto run = call.graphql("muc_light", "getRoomConfig", kRoomConfig, {{"room", *room}});
  auto config = co_await std::move(run);
  if (!config) co_return error_reply(call.request(), config.error());
  const auto& c = config->as_object();
  json::array participants;
  for (const auto& p : c.at("participants").as_array()) {
    auto role =
        boost::algorithm::to_lower_copy(std::string(p.as_object().at("affiliation").as_string()));
    participants.push_back(json::object{{"user", p.as_object().at("jid")}, {"role", role}});
  }
  co_return json_reply(call.request(), http::Status::ok,
                       json::object{{"name", c.at("name")},
                                    {"subject", c.at("subject")},
                                    {"participants", std::move(participants)}});
}

// PUT /rooms/{id}/config {name, subject}
Reply set_room_config(RestCall call) {
  auto body = call.body();
  if (!body) co_return error_reply(call.request(), body.error());
  auto room = room_of(call, call.param(0));
  if (!room) co_return error_reply(call.request(), room.error());
  json::object variables{{"room", *room}};
  if (auto error = room_input(*body, variables)) co_return error_reply(call.request(), *error);
  auto run =
      call.graphql("muc_light", "changeRoomConfiguration", kChangeConfig, std::move(variables));
  auto changed = co_await std::move(run);
  if (!changed) co_return error_reply(call.request(), changed.error());
  co_return http::make_response(call.request(), http::Status::ok);
}

// POST /rooms/{id}/users {user}; DELETE /rooms/{id}/users/{user}
Reply change_member(RestCall call) {
  auto room = room_of(call, call.param(0));
  if (!room) co_return error_reply(call.request(), room.error());
  std::string user;
  if (call.param_count() == 2) {
    user = call.param(1);
  } else {
    auto body = call.body();
    if (!body) co_return error_reply(call.request(), body.error());
    auto field = string_field(*body, "user", "user JID");
    if (!field) co_return error_reply(call.request(), field.error());
    user = *field;
  }
  bool add = call.request().method() == Verb::post;
  auto run = call.graphql("muc_light", add ? "inviteUser" : "kickUser", add ? kInvite : kKick,
                          {{"room", *room}, {"user", user}});
  auto done = co_await std::move(run);
  if (!done) co_return error_reply(call.request(), done.error());
  co_return no_content(call.request());
}

// The groupchat stanza of a SendRoomMessage body; 400 when it has nothing to send.
RestResult<xml::Element> room_stanza(const json::object& body, const std::string& room) {
  auto text = optional_string_field(body, "body", "message body");
  if (!text) return text.error();
  const auto* marker = body.if_contains("chat_marker");
  if (!*text && !marker) return bad_request("Missing message body or chat marker");
  xml::Element message("message", std::string(ns::kClient));
  message.set_attr("type", "groupchat");
  message.set_attr("to", room);
  message.set_attr("id", stanza::make_id());
  if (*text) {
    message.append(xml::Element("body", std::string(ns::kClient))).append_text(**text);
    const auto* markable = body.if_contains("markable");
    if (markable && markable->is_bool() && markable->as_bool()) {
      message.append(xml::Element("markable", std::string(ns::kChatMarkers)));
    }
  }
  if (marker) {
    const auto* type = marker->is_object() ? marker->as_object().if_contains("type") : nullptr;
    const auto* id = marker->is_object() ? marker->as_object().if_contains("id") : nullptr;
    if (!type || !type->is_string() || !id || !id->is_string())
      return bad_request("Invalid chat marker");
    std::string kind(type->as_string());
    if (kind != "received" && kind != "displayed" && kind != "acknowledged") {
      return bad_request("Invalid chat marker");
    }
    message.append(xml::Element(kind, std::string(ns::kChatMarkers)))
        .set_attr("id", std::string(id->as_string()));
  }
  return message;
}

// POST /rooms/{id}/messages {body, markable, chat_marker}: 200 {id}. The room is looked up
// first, so a missing room or membership answers as the room commands do.
Reply send_room_message(RestCall call) {
  auto body = call.body();
  if (!body) co_return error_reply(call.request(), body.error());
  auto room = room_of(call, call.param(0));
  if (!room) co_return error_reply(call.request(), room.error());
  auto stanza = room_stanza(*body, *room);
  if (!stanza) co_return error_reply(call.request(), stanza.error());
  auto lookup = call.graphql("muc_light", "getRoomConfig", kRoomConfig, {{"room", *room}});
  auto found = co_await std::move(lookup);
  if (!found) co_return error_reply(call.request(), found.error());
  auto run =
      call.graphql("stanza", "sendStanza", kSendStanza, {{"stanza", xml::to_string(*stanza)}});
  auto sent = co_await std::move(run);
  if (!sent) co_return error_reply(call.request(), sent.error());
  co_return json_reply(call.request(), http::Status::ok,
                       json::object{{"id", stanza->attr_or("id", "")}});
}

json::object room_item_json(const ArchivedMessage& m) {
  auto from = jid::Jid::parse(m.stanza.attr_or("from", ""));
  json::object item{{"id", m.stanza.attr_or("id", "")},
                    {"timestamp", unix_millis(m.time)},
                    {"from", from ? std::string(from->resource()) : m.sender}};
  if (const auto* x = m.stanza.find_child("x", kAffiliations)) {
    item["type"] = "affiliation";
    for (const auto& user : x->children()) {
      item["user"] = user.text();
      item["affiliation"] = user.attr_or("affiliation", "");
      break;
    }
    return item;
  }
  item["type"] = "message";
  item["body"] = m.stanza.child_text("body", ns::kClient);
  if (m.stanza.find_child("markable", ns::kChatMarkers)) item["markable"] = true;
  for (const char* kind : {"received", "displayed", "acknowledged"}) {
    if (const auto* marker = m.stanza.find_child(kind, ns::kChatMarkers)) {
      item["chat_marker"] = json::object{{"type", kind}, {"id", marker->attr_or("id", "")}};
    }
  }
  return item;
}

// GET /rooms/{id}/messages?limit=N&before=<Unix milliseconds>
Reply room_messages(RestCall call) {
  auto room = room_of(call, call.param(0));
  if (!room) co_return error_reply(call.request(), room.error());
  auto before = call.integer_query("before", 0);
  if (!before) co_return error_reply(call.request(), before.error());
  auto limit = call.integer_query("limit", 1);
  if (!limit) co_return error_reply(call.request(), limit.error());
  json::object variables{{"room", *room}, {"limit", limit->value_or(50)}};
  if (*before) {
    variables["before"] = stanza::format_datetime(
        std::chrono::system_clock::time_point(std::chrono::milliseconds(**before)));
  }
  auto run = call.graphql("muc_light", "getRoomMessages", kRoomMessages, std::move(variables));
  auto page = co_await std::move(run);
  if (!page) co_return error_reply(call.request(), page.error());
  json::array out;
  const auto* stanzas = page->is_object() ? page->as_object().if_contains("stanzas") : nullptr;
  if (stanzas && stanzas->is_array()) {
    for (const auto& map : stanzas->as_array()) {
      if (auto message = parse_stanza_map(map)) out.push_back(room_item_json(*message));
    }
  }
  co_return json_reply(call.request(), http::Status::ok, out);
}

}  // namespace

void add_client_room_routes(std::vector<RestRoute>& routes) {
  routes.insert(routes.end(),
                {
                    {Verb::post, "rooms", "rooms", create_room},
                    {Verb::get, "rooms", "rooms", list_rooms},
                    {Verb::get, "rooms/:id", "rooms", get_room},
                    {Verb::put, "rooms/:id", "rooms", create_room},
                    {Verb::put, "rooms/:id/config", "rooms_config", set_room_config},
                    {Verb::post, "rooms/:id/users", "rooms_users", change_member},
                    {Verb::delete_, "rooms/:id/users/:user", "rooms_users", change_member},
                    {Verb::post, "rooms/:id/messages", "rooms_messages", send_room_message},
                    {Verb::get, "rooms/:id/messages", "rooms_messages", room_messages},
                });
}

}  // namespace meerkat::api::rest
