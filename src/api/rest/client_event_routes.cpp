// SPDX-License-Identifier: Apache-2.0
// REST client API, group "sse": GET /sse streams what the caller receives as Server-Sent
// Events in MongooseIM's format, from the GraphQL subscription stanza.subscribeForMessages:
//   event: message        data: {"from","to","id","body","timestamp",…}   (one-to-one chat)
//   event: room.message   data: {"type":"message","room","from","id","body","timestamp"}
// An idle stream is closed after an hour (client.json).
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "api/rest/archived_message.hpp"
#include "api/rest/client_routes.hpp"
#include "core/jid/jid.hpp"

namespace meerkat::api::rest {

namespace {

namespace asio = boost::asio;
using Reply = asio::awaitable<std::optional<http::Response>>;
using Field = http::beast_http::field;

constexpr const char* kSubscribe =
    "subscription { stanza { subscribeForMessages { sender timestamp stanza_id stanza } } }";
constexpr auto kIdleTimeout = std::chrono::hours(1);

// A MUC Light message comes from room@service/<sender's bare JID>.
json::object room_message_json(const xml::Element& stanza) {
  auto from = jid::Jid::parse(stanza.attr_or("from", ""));
  return json::object{{"type", "message"},
                      {"room", from ? std::string(from->node()) : std::string()},
                      {"from", from ? std::string(from->resource()) : std::string()},
                      {"id", stanza.attr_or("id", "")},
                      {"body", stanza.child_text("body", "jabber:client")},
                      {"timestamp", unix_millis(std::chrono::system_clock::now())}};
}

// The SSE text for one subscription response; empty for what the API does not show
// (messages without a body: chat states, receipts).
std::string event_text(const json::object& response) {
  const json::value* map = nullptr;
  if (const auto* data = response.if_contains("data"); data && data->is_object()) {
    const auto* stanza = data->as_object().if_contains("stanza");
    if (stanza && stanza->is_object())
      map = stanza->as_object().if_contains("subscribeForMessages");
  }
  auto message = map ? parse_stanza_map(*map) : std::nullopt;
  if (!message || message->stanza.child_text("body", "jabber:client").empty()) return {};
  if (message->stanza.attr_or("type", "") == "groupchat") {
    return "event: room.message\ndata: " + json::serialize(room_message_json(message->stanza)) +
           "\n\n";
  }
  auto payload = client_message_json(message->stanza, std::chrono::system_clock::now());
  return "event: message\ndata: " + json::serialize(payload) + "\n\n";
}

// Writes each event until the client goes away, the stream idles an hour, or the server stops.
asio::awaitable<void> stream_events(http::Exchange& exchange, net::Transport& transport,
                                    meerkat::graphql::Subscription& subscription) {
  using namespace asio::experimental::awaitable_operators;
  asio::steady_timer wake(transport.get_executor());
  exchange.on_stop([&wake] { wake.cancel(); });
  for (;;) {
    wake.expires_after(kIdleTimeout);
    auto next = subscription.next();
    auto closed = transport.wait_readable();
    auto winner =
        co_await (std::move(next) || std::move(closed) || wake.async_wait(asio::use_awaitable));
    if (winner.index() != 0) break;
    auto response = std::get<0>(std::move(winner));
    if (!response) break;  // the subscription ended (the session was closed)
    // The text must outlive the write: transport.write takes a view.
    std::string text = event_text(*response);
    if (text.empty()) continue;
    auto written = transport.write(text);
    if (!co_await std::move(written)) break;
  }
  exchange.on_stop({});
}

// GET /sse
Reply open_event_stream(RestCall call) {
  meerkat::graphql::GraphqlRequest query{kSubscribe, {}, {}};
  auto start = call.executor().subscribe(query, call.caller());
  auto started = co_await std::move(start);
  if (auto* failed = std::get_if<meerkat::graphql::ExecutionResult>(&started)) {
    auto error = error_of(failed->response, failed->request_error);
    co_return error_reply(
        call.request(),
        error ? *error : RestError{http::Status::internal_server_error, "No event stream", {}});
  }
  auto subscription = std::move(std::get<1>(started));
  http::Response head(http::Status::ok, call.request().version());
  head.set(Field::content_type, "text/event-stream");
  head.set(Field::cache_control, "no-cache");
  head.set(Field::connection, "close");
  auto take = call.exchange().take_over(std::move(head));
  auto taken = co_await std::move(take);
  if (!taken) co_return std::nullopt;
  auto events = stream_events(call.exchange(), taken->transport, *subscription);
  co_await std::move(events);
  co_return std::nullopt;
}

}  // namespace

void add_client_event_routes(std::vector<RestRoute>& routes) {
  routes.push_back({Verb::get, "sse", "sse", open_event_stream});
}

}  // namespace meerkat::api::rest
