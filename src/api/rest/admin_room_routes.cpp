// SPDX-License-Identifier: Apache-2.0
// REST admin API, groups "muc_light", "muc" and "inbox": group chat rooms (muc_light.* and
// muc.* commands) and inbox bins (inbox.*). Without the module the GraphQL guard answers
// deps_not_loaded, which these routes pass on as 404 naming the module.
#include <charconv>

#include "api/rest/admin_routes.hpp"

namespace meerkat::api::rest {

namespace {

using Reply = boost::asio::awaitable<std::optional<http::Response>>;

constexpr const char* kCreateLightRoom =
    "mutation($mucDomain: DomainName!, $id: RoomName, $owner: JID!, $name: String, "
    "$subject: String) { muc_light { createRoom(mucDomain: $mucDomain, id: $id, owner: $owner, "
    "name: $name, subject: $subject) { jid } } }";
constexpr const char* kInviteToLightRoom =
    "mutation($room: BareJID!, $sender: JID!, $recipient: JID!) "
    "{ muc_light { inviteUser(room: $room, sender: $sender, recipient: $recipient) } }";
constexpr const char* kSendToLightRoom =
    "mutation($room: BareJID!, $from: JID!, $body: String!) "
    "{ muc_light { sendMessageToRoom(room: $room, from: $from, body: $body) } }";
constexpr const char* kDeleteLightRoom =
    "mutation($room: BareJID!) { muc_light { deleteRoom(room: $room) } }";
constexpr const char* kCreateMucRoom =
    "mutation($room: BareJID!, $owner: JID!, $nick: ResourceName!) "
    "{ muc { createInstantRoom(room: $room, owner: $owner, nick: $nick) { jid } } }";
constexpr const char* kInviteToMucRoom =
    "mutation($room: BareJID!, $sender: JID!, $recipient: JID!, $reason: String) "
    "{ muc { inviteUser(room: $room, sender: $sender, recipient: $recipient, reason: $reason) } }";
constexpr const char* kSendToMucRoom =
    "mutation($room: BareJID!, $from: FullJID!, $body: String!) "
    "{ muc { sendMessageToRoom(room: $room, from: $from, body: $body) } }";
constexpr const char* kKickFromMucRoom =
    "mutation($room: BareJID!, $nick: ResourceName!) { muc { kickUser(room: $room, nick: $nick) } "
    "}";
constexpr const char* kFlushUserBin =
    "mutation($user: JID!, $days: PosInt) { inbox { flushUserBin(user: $user, days: $days) } }";
constexpr const char* kFlushGlobalBin =
    "mutation($hostType: String!, $days: PosInt) "
    "{ inbox { flushGlobalBin(hostType: $hostType, days: $days) } }";

// 204, or the command's error.
http::Response done(const http::Request& request, const RestResult<json::value>& result) {
  return result ? no_content(request) : error_reply(request, result.error());
}

// 201 with the room's JID as a JSON string, and its URL (MongooseIM's resource_created).
http::Response room_created(const http::Request& request, const json::value& room) {
  auto jid = room.is_object() ? room.as_object().at("jid") : json::value();
  auto response = json_reply(request, http::Status::created, jid);
  if (jid.is_string()) {
    std::string_view text = jid.as_string();
    auto path = std::string(request.target().substr(0, request.target().find('?')));
    if (!path.ends_with('/')) path += '/';
    response.set(http::beast_http::field::location,
                 path + std::string(text.substr(0, text.find('@'))));
  }
  return response;
}

// POST /muc-lights/{host} {owner, name, subject}; PUT adds {id}.
Reply create_light_room(RestCall call) {
  auto body = call.body();
  if (!body) co_return error_reply(call.request(), body.error());
  auto owner = string_field(*body, "owner", "owner JID");
  if (!owner) co_return error_reply(call.request(), owner.error());
  json::object variables{{"mucDomain", call.param(0)}, {"owner", *owner}};
  for (const char* field : {"name", "subject"}) {
    auto value = optional_string_field(*body, field, field);
    if (!value) co_return error_reply(call.request(), value.error());
    if (*value) variables[field] = **value;
  }
  if (call.request().method() == Verb::put) {
    auto id = string_field(*body, "id", "room ID");
    if (!id) co_return error_reply(call.request(), id.error());
    variables["id"] = *id;
  }
  auto run = call.graphql("muc_light", "createRoom", kCreateLightRoom, std::move(variables));
  auto room = co_await std::move(run);
  if (!room) co_return error_reply(call.request(), room.error());
  co_return room_created(call.request(), *room);
}

// POST /muc-lights/{host}/{room}/participants {sender, recipient}
Reply invite_to_light_room(RestCall call) {
  auto body = call.body();
  if (!body) co_return error_reply(call.request(), body.error());
  auto room = jid_of(call.param(1), call.param(0));
  if (!room) co_return error_reply(call.request(), room.error());
  auto sender = string_field(*body, "sender", "sender JID");
  if (!sender) co_return error_reply(call.request(), sender.error());
  auto recipient = string_field(*body, "recipient", "recipient JID");
  if (!recipient) co_return error_reply(call.request(), recipient.error());
  auto run = call.graphql("muc_light", "inviteUser", kInviteToLightRoom,
                          {{"room", *room}, {"sender", *sender}, {"recipient", *recipient}});
  auto result = co_await std::move(run);
  co_return done(call.request(), result);
}

// POST /muc-lights/{host}/{room}/messages {from, body}
Reply send_to_light_room(RestCall call) {
  auto body = call.body();
  if (!body) co_return error_reply(call.request(), body.error());
  auto room = jid_of(call.param(1), call.param(0));
  if (!room) co_return error_reply(call.request(), room.error());
  auto from = string_field(*body, "from", "sender JID");
  if (!from) co_return error_reply(call.request(), from.error());
  auto text = string_field(*body, "body", "message body");
  if (!text) co_return error_reply(call.request(), text.error());
  auto run = call.graphql("muc_light", "sendMessageToRoom", kSendToLightRoom,
                          {{"room", *room}, {"from", *from}, {"body", *text}});
  auto result = co_await std::move(run);
  co_return done(call.request(), result);
}

// DELETE /muc-lights/{host}/{room}/management
Reply delete_light_room(RestCall call) {
  auto room = jid_of(call.param(1), call.param(0));
  if (!room) co_return error_reply(call.request(), room.error());
  auto run = call.graphql("muc_light", "deleteRoom", kDeleteLightRoom, {{"room", *room}});
  auto result = co_await std::move(run);
  co_return done(call.request(), result);
}

// name@<mod_muc's host for `domain`>: the admin API names MUC rooms by the user domain.
RestResult<std::string> muc_room(const RestCall& call, std::string_view name,
                                 std::string_view domain) {
  const auto& muc = call.api().services().config.modules.mod_muc;
  std::string service = muc ? muc->host : "conference.@HOST@";
  if (auto at = service.find("@HOST@"); at != std::string::npos) service.replace(at, 6, domain);
  return jid_of(name, service);
}

// POST /mucs/{host} {name, owner, nick}
Reply create_muc_room(RestCall call) {
  auto body = call.body();
  if (!body) co_return error_reply(call.request(), body.error());
  auto name = string_field(*body, "name", "room name");
  if (!name) co_return error_reply(call.request(), name.error());
  auto owner = string_field(*body, "owner", "owner JID");
  if (!owner) co_return error_reply(call.request(), owner.error());
  auto nick = string_field(*body, "nick", "nickname");
  if (!nick) co_return error_reply(call.request(), nick.error());
  auto room = muc_room(call, *name, call.param(0));
  if (!room) co_return error_reply(call.request(), room.error());
  auto run = call.graphql("muc", "createInstantRoom", kCreateMucRoom,
                          {{"room", *room}, {"owner", *owner}, {"nick", *nick}});
  auto created = co_await std::move(run);
  if (!created) co_return error_reply(call.request(), created.error());
  co_return room_created(call.request(), *created);
}

// POST /mucs/{host}/{room}/participants {sender, recipient, reason}
Reply invite_to_muc_room(RestCall call) {
  auto body = call.body();
  if (!body) co_return error_reply(call.request(), body.error());
  auto room = muc_room(call, call.param(1), call.param(0));
  if (!room) co_return error_reply(call.request(), room.error());
  auto sender = string_field(*body, "sender", "sender JID");
  if (!sender) co_return error_reply(call.request(), sender.error());
  auto recipient = string_field(*body, "recipient", "recipient JID");
  if (!recipient) co_return error_reply(call.request(), recipient.error());
  auto reason = optional_string_field(*body, "reason", "reason");
  if (!reason) co_return error_reply(call.request(), reason.error());
  json::object variables{{"room", *room}, {"sender", *sender}, {"recipient", *recipient}};
  if (*reason) variables["reason"] = **reason;
  auto run = call.graphql("muc", "inviteUser", kInviteToMucRoom, std::move(variables));
  auto result = co_await std::move(run);
  co_return done(call.request(), result);
}

// POST /mucs/{host}/{room}/messages {from, body}. The GraphQL command posts from a full JID;
// a bare sender gets the resource "rest-api".
Reply send_to_muc_room(RestCall call) {
  auto body = call.body();
  if (!body) co_return error_reply(call.request(), body.error());
  auto room = muc_room(call, call.param(1), call.param(0));
  if (!room) co_return error_reply(call.request(), room.error());
  auto from = string_field(*body, "from", "sender JID");
  if (!from) co_return error_reply(call.request(), from.error());
  auto text = string_field(*body, "body", "message body");
  if (!text) co_return error_reply(call.request(), text.error());
  if (from->find('/') == std::string::npos) *from += "/rest-api";
  auto run = call.graphql("muc", "sendMessageToRoom", kSendToMucRoom,
                          {{"room", *room}, {"from", *from}, {"body", *text}});
  auto result = co_await std::move(run);
  co_return done(call.request(), result);
}

// DELETE /mucs/{host}/{room}/{nickname}
Reply kick_from_muc_room(RestCall call) {
  auto room = muc_room(call, call.param(1), call.param(0));
  if (!room) co_return error_reply(call.request(), room.error());
  auto run =
      call.graphql("muc", "kickUser", kKickFromMucRoom, {{"room", *room}, {"nick", call.param(2)}});
  auto result = co_await std::move(run);
  co_return done(call.request(), result);
}

// The {days} of an inbox route: 0 empties the whole bin (GraphQL: no days argument).
RestResult<std::optional<std::int64_t>> days_of(std::string_view text) {
  std::int64_t days = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), days);
  if (ec != std::errc() || end != text.data() + text.size() || days < 0) {
    return bad_request("Invalid number of days");
  }
  return days == 0 ? std::nullopt : std::optional<std::int64_t>(days);
}

// DELETE /inbox/{domain}/{user}/{days}/bin and /inbox/{hostType}/{days}/bin: 200 with the
// number of entries removed.
Reply flush_bin(RestCall call) {
  bool one_user = call.param_count() == 3;
  auto days = days_of(call.param(one_user ? 2 : 1));
  if (!days) co_return error_reply(call.request(), days.error());
  json::object variables;
  if (*days) variables["days"] = **days;
  std::string command = one_user ? "flushUserBin" : "flushGlobalBin";
  if (one_user) {
    auto user = jid_of(call.param(1), call.param(0));
    if (!user) co_return error_reply(call.request(), user.error());
    variables["user"] = *user;
  } else {
    variables["hostType"] = call.param(0);
  }
  auto run = call.graphql("inbox", command, one_user ? kFlushUserBin : kFlushGlobalBin,
                          std::move(variables));
  auto count = co_await std::move(run);
  if (!count) co_return error_reply(call.request(), count.error());
  co_return json_reply(call.request(), http::Status::ok, *count);
}

}  // namespace

void add_admin_room_routes(std::vector<RestRoute>& routes) {
  routes.insert(
      routes.end(),
      {
          {Verb::post, "muc-lights/:host", "muc_light", create_light_room},
          {Verb::put, "muc-lights/:host", "muc_light", create_light_room},
          {Verb::post, "muc-lights/:host/:room/participants", "muc_light", invite_to_light_room},
          {Verb::post, "muc-lights/:host/:room/messages", "muc_light", send_to_light_room},
          {Verb::delete_, "muc-lights/:host/:room/management", "muc_light", delete_light_room},
          {Verb::post, "mucs/:host", "muc", create_muc_room},
          {Verb::post, "mucs/:host/:room/participants", "muc", invite_to_muc_room},
          {Verb::post, "mucs/:host/:room/messages", "muc", send_to_muc_room},
          {Verb::delete_, "mucs/:host/:room/:nickname", "muc", kick_from_muc_room},
          {Verb::delete_, "inbox/:domain/:user/:days/bin", "inbox", flush_bin},
          {Verb::delete_, "inbox/:hostType/:days/bin", "inbox", flush_bin},
      });
}

}  // namespace meerkat::api::rest
