// SPDX-License-Identifier: Apache-2.0
// REST client API, group "messages": chat messages sent as the caller (stanza.sendMessage)
// and read from the caller's archive (stanza.getLastMessages).
#include <chrono>

#include "api/rest/archived_message.hpp"
#include "api/rest/client_routes.hpp"
#include "core/stanza/datetime.hpp"

namespace meerkat::api::rest {

namespace {

using Reply = boost::asio::awaitable<std::optional<http::Response>>;

constexpr const char* kSendMessage =
    "mutation($to: JID!, $body: String!) { stanza { sendMessage(to: $to, body: $body) { id } } }";
constexpr const char* kLastMessages =
    "query($with: JID, $limit: PosInt, $before: DateTime) "
    "{ stanza { getLastMessages(with: $with, limit: $limit, before: $before) "
    "{ stanzas { sender timestamp stanza_id stanza } } } }";

// The client API reads 50 messages unless told otherwise (MongooseIM's default).
constexpr std::int64_t kDefaultLimit = 50;

// POST /messages {to, body}: 200 {"id": the message's id}
Reply send_message(RestCall call) {
  auto body = call.body();
  if (!body) co_return error_reply(call.request(), body.error());
  auto to = string_field(*body, "to", "recipient JID");
  if (!to) co_return error_reply(call.request(), to.error());
  auto text = string_field(*body, "body", "message body");
  if (!text) co_return error_reply(call.request(), text.error());
  auto run = call.graphql("stanza", "sendMessage", kSendMessage, {{"to", *to}, {"body", *text}});
  auto sent = co_await std::move(run);
  if (!sent) co_return error_reply(call.request(), sent.error());
  co_return json_reply(call.request(), http::Status::ok,
                       json::object{{"id", sent->as_object().at("id")}});
}

// GET /messages[/{with}]?limit=N&before=<Unix milliseconds>: oldest first.
Reply archived_messages(RestCall call) {
  auto before = call.integer_query("before", 0);
  if (!before) co_return error_reply(call.request(), before.error());
  auto limit = call.integer_query("limit", 1);
  if (!limit) co_return error_reply(call.request(), limit.error());
  json::object variables{{"limit", limit->value_or(kDefaultLimit)}};
  if (call.param_count() == 1) variables["with"] = call.param(0);
  if (*before) {
    variables["before"] = stanza::format_datetime(
        std::chrono::system_clock::time_point(std::chrono::milliseconds(**before)));
  }
  auto run = call.graphql("stanza", "getLastMessages", kLastMessages, std::move(variables));
  auto page = co_await std::move(run);
  if (!page) co_return error_reply(call.request(), page.error());
  json::array out;
  const auto* stanzas = page->is_object() ? page->as_object().if_contains("stanzas") : nullptr;
  if (stanzas && stanzas->is_array()) {
    for (const auto& map : stanzas->as_array()) {
      if (auto message = parse_stanza_map(map)) {
        out.push_back(client_message_json(message->stanza, message->time, message->sender));
      }
    }
  }
  co_return json_reply(call.request(), http::Status::ok, out);
}

}  // namespace

void add_client_message_routes(std::vector<RestRoute>& routes) {
  routes.insert(routes.end(), {
                                  {Verb::post, "messages", "messages", send_message},
                                  {Verb::get, "messages", "messages", archived_messages},
                                  {Verb::get, "messages/:with", "messages", archived_messages},
                              });
}

}  // namespace meerkat::api::rest
