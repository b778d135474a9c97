// SPDX-License-Identifier: Apache-2.0
// REST admin API, groups "messages" and "stanzas": chat messages sent for a user and read
// from the archive (stanza.sendMessage, stanza.getLastMessages), raw stanzas
// (stanza.sendStanza).
#include <algorithm>
#include <chrono>

#include "api/rest/admin_routes.hpp"
#include "api/rest/archived_message.hpp"
#include "core/stanza/datetime.hpp"

namespace meerkat::api::rest {

namespace {

using Reply = boost::asio::awaitable<std::optional<http::Response>>;

constexpr const char* kSendMessage =
    "mutation($from: JID!, $to: JID!, $body: String!) "
    "{ stanza { sendMessage(from: $from, to: $to, body: $body) { id } } }";
constexpr const char* kSendStanza =
    "mutation($stanza: XmlElement) { stanza { sendStanza(stanza: $stanza) { id } } }";
constexpr const char* kLastMessages =
    "query($caller: JID!, $with: JID, $limit: PosInt, $before: DateTime) "
    "{ stanza { getLastMessages(caller: $caller, with: $with, limit: $limit, before: $before) "
    "{ stanzas { sender timestamp stanza_id stanza } } } }";

// The admin API reads 100 messages unless told otherwise (MongooseIM's default).
constexpr std::int64_t kDefaultLimit = 100;

// POST /messages {caller, to, body}
Reply send_message(RestCall call) {
  auto body = call.body();
  if (!body) co_return error_reply(call.request(), body.error());
  auto from = string_field(*body, "caller", "sender JID");
  if (!from) co_return error_reply(call.request(), from.error());
  auto to = string_field(*body, "to", "recipient JID");
  if (!to) co_return error_reply(call.request(), to.error());
  auto text = string_field(*body, "body", "message body");
  if (!text) co_return error_reply(call.request(), text.error());
  auto run = call.graphql("stanza", "sendMessage", kSendMessage,
                          {{"from", *from}, {"to", *to}, {"body", *text}});
  auto sent = co_await std::move(run);
  if (!sent) co_return error_reply(call.request(), sent.error());
  co_return no_content(call.request());
}

// GET /messages/{owner}[/{with}]?before=<Unix seconds>&limit=N: newest first.
Reply archived_messages(RestCall call) {
  auto before = call.integer_query("before", 0);
  if (!before) co_return error_reply(call.request(), before.error());
  auto limit = call.integer_query("limit", 1);
  if (!limit) co_return error_reply(call.request(), limit.error());
  json::object variables{{"caller", call.param(0)}, {"limit", limit->value_or(kDefaultLimit)}};
  if (call.param_count() > 1) variables["with"] = call.param(1);
  if (*before) {
    variables["before"] = stanza::format_datetime(
        std::chrono::system_clock::time_point(std::chrono::seconds(**before)));
  }
  auto run = call.graphql("stanza", "getLastMessages", kLastMessages, std::move(variables));
  auto page = co_await std::move(run);
  if (!page) co_return error_reply(call.request(), page.error());
  json::array out;
  const auto* stanzas = page->is_object() ? page->as_object().if_contains("stanzas") : nullptr;
  if (stanzas && stanzas->is_array()) {
    for (const auto& map : stanzas->as_array()) {
      if (auto message = parse_stanza_map(map)) out.push_back(admin_message_json(*message));
    }
  }
  std::reverse(out.begin(), out.end());  // GraphQL gives them oldest first
  co_return json_reply(call.request(), http::Status::ok, out);
}

// POST /stanzas {stanza}: the stanza names its sender and recipient itself.
Reply send_stanza(RestCall call) {
  auto body = call.body();
  if (!body) co_return error_reply(call.request(), body.error());
  auto stanza = string_field(*body, "stanza", "stanza");
  if (!stanza) co_return error_reply(call.request(), stanza.error());
  auto run = call.graphql("stanza", "sendStanza", kSendStanza, {{"stanza", *stanza}});
  auto sent = co_await std::move(run);
  if (!sent) co_return error_reply(call.request(), sent.error());
  co_return no_content(call.request());
}

}  // namespace

void add_admin_message_routes(std::vector<RestRoute>& routes) {
  routes.insert(routes.end(),
                {
                    {Verb::post, "messages", "messages", send_message},
                    {Verb::get, "messages/:owner", "messages", archived_messages},
                    {Verb::get, "messages/:owner/:with", "messages", archived_messages},
                    {Verb::post, "stanzas", "stanzas", send_stanza},
                });
}

}  // namespace meerkat::api::rest
