// SPDX-License-Identifier: Apache-2.0
// stanza: sending messages and raw stanzas as a user, reading a user's latest archived
// messages (mod_mam), and subscribing to the messages a user receives (over SSE).
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <deque>

#include "api/graphql/commands/command_support.hpp"
#include "api/graphql/commands/commands.hpp"
#include "core/stanza/datetime.hpp"
#include "core/stanza/id.hpp"
#include "core/stanza/stanza_id.hpp"
#include "core/xml/element_parser.hpp"
#include "core/xml/writer.hpp"
#include "modules/mam/mam_request.hpp"

namespace meerkat::api::graphql {

namespace {

namespace asio = boost::asio;
constexpr std::string_view kClient = "jabber:client";

json::value sent(const std::string& id) { return json::object{{"id", id}}; }

// Sends `stanza` as `from` (a registered local user) would: through the user's outgoing
// hooks (mod_mam archives it), then to its recipient.
asio::awaitable<FieldResult> route_as(ApiServices& s, jid::Jid from, jid::Jid to,
                                      xml::Element stanza) {
  auto problem = check_user(s, from.bare());
  if (auto error = co_await std::move(problem)) co_return *error;
  auto id = std::string(stanza.attr_or("id", ""));
  if (id.empty()) {
    id = stanza::make_id();
    stanza.set_attr("id", id);
  }
  stanza.set_attr("from", from.to_string());
  stanza.set_attr("to", to.to_string());
  auto send = send_as(s, std::move(from), std::move(to), std::move(stanza));
  co_await std::move(send);
  co_return Resolved(sent(id));
}

xml::Element message(std::string_view type, const std::optional<std::string>& subject,
                     const std::optional<std::string>& body) {
  xml::Element m("message", std::string(kClient));
  m.set_attr("type", std::string(type));
  if (subject) m.append(xml::Element("subject", std::string(kClient))).append_text(*subject);
  if (body) m.append(xml::Element("body", std::string(kClient))).append_text(*body);
  return m;
}

// A user may send only as themself: their bare JID or one of their resources.
boost::system::result<jid::Jid, FieldError> own_sender(const FieldContext& c) {
  const auto& me = caller_of(c).user;
  auto from = opt_string(c, "from");
  if (!from) return me;
  auto parsed = jid::Jid::parse(*from);
  if (!parsed || parsed->bare() != me) {
    return FieldError::coded("Sending from another user's address is not allowed", "no_permission");
  }
  return *parsed;
}

Awaitable send_message(ApiServices& s, const FieldContext& c) {
  auto route = route_as(s, arg_jid(c, "from"), arg_jid(c, "to"),
                        message("chat", std::nullopt, arg_string(c, "body")));
  co_return co_await std::move(route);
}

Awaitable send_headline(ApiServices& s, const FieldContext& c) {
  auto route = route_as(s, arg_jid(c, "from"), arg_jid(c, "to"),
                        message("headline", opt_string(c, "subject"), opt_string(c, "body")));
  co_return co_await std::move(route);
}

boost::system::result<xml::Element, FieldError> parse_stanza(const FieldContext& c) {
  auto parsed = xml::parse_element(arg_string(c, "stanza"));
  if (!parsed) return bad_input("Invalid stanza: " + parsed.error().text);
  if (parsed->name() != "message" && parsed->name() != "presence" && parsed->name() != "iq") {
    return bad_input("A stanza is a message, presence or iq element");
  }
  return std::move(*parsed);
}

Awaitable send_stanza(ApiServices& s, const FieldContext& c) {
  auto stanza = parse_stanza(c);
  if (!stanza) co_return stanza.error();
  auto from = jid::Jid::parse(stanza->attr_or("from", ""));
  auto to = jid::Jid::parse(stanza->attr_or("to", ""));
  if (!from || !to) co_return bad_input("The stanza needs valid 'from' and 'to' addresses");
  auto route = route_as(s, std::move(*from), std::move(*to), std::move(*stanza));
  co_return co_await std::move(route);
}

Awaitable user_send_message(ApiServices& s, const FieldContext& c) {
  auto from = own_sender(c);
  if (!from) co_return from.error();
  auto route = route_as(s, std::move(*from), arg_jid(c, "to"),
                        message("chat", std::nullopt, arg_string(c, "body")));
  co_return co_await std::move(route);
}

Awaitable user_send_headline(ApiServices& s, const FieldContext& c) {
  auto from = own_sender(c);
  if (!from) co_return from.error();
  auto route = route_as(s, std::move(*from), arg_jid(c, "to"),
                        message("headline", opt_string(c, "subject"), opt_string(c, "body")));
  co_return co_await std::move(route);
}

Awaitable user_send_stanza(ApiServices& s, const FieldContext& c) {
  auto stanza = parse_stanza(c);
  if (!stanza) co_return stanza.error();
  const auto& me = caller_of(c).user;
  auto from = jid::Jid::parse(stanza->attr_or("from", me.to_string()));
  auto to = jid::Jid::parse(stanza->attr_or("to", ""));
  if (!from || from->bare() != me) {
    co_return FieldError::coded("Sending from another user's address is not allowed",
                                "no_permission");
  }
  if (!to) co_return bad_input("The stanza needs a valid 'to' address");
  auto route = route_as(s, std::move(*from), std::move(*to), std::move(*stanza));
  co_return co_await std::move(route);
}

// The newest `limit` messages of `owner`'s archive (with `with` only, before `before`),
// oldest first.
asio::awaitable<FieldResult> last_messages(ApiServices& s, jid::Jid owner, const FieldContext& c) {
  if (!s.stores.mam)
    co_return FieldError::coded("The storage has no message archive", "deps_not_loaded");
  auto problem = check_user(s, owner.bare());
  if (auto error = co_await std::move(problem)) co_return *error;
  storage::MamQuery query;
  query.user = std::string(owner.node());
  query.host = std::string(owner.domain());
  if (auto with = opt_string(c, "with")) {
    auto peer = jid::Jid::parse(*with);
    query.with = peer->bare().to_string();
    if (!peer->is_bare()) query.with_resource = std::string(peer->resource());
  }
  if (auto before = opt_string(c, "before")) {
    query.before = modules::mam::first_id_at(*stanza::parse_datetime(*before));
  }
  query.limit = static_cast<std::size_t>(opt_int(c, "limit").value_or(50));
  query.from_end = true;
  query.count = false;
  auto call = s.stores.mam->query(std::move(query));
  auto page = co_await std::move(call);
  if (!page) co_return internal_error(page.error());
  json::array stanzas;
  for (const auto& m : page->messages) {
    auto sender = m.outgoing
                      ? owner.bare().to_string()
                      : m.remote + (m.remote_resource.empty() ? "" : "/" + m.remote_resource);
    stanzas.push_back(json::object{{"sender", sender},
                                   {"timestamp", api_datetime(modules::mam::time_of(m.id))},
                                   {"stanza_id", modules::mam::encode_id(m.id)},
                                   {"stanza", m.stanza}});
  }
  co_return Resolved(
      json::value(json::object{{"stanzas", std::move(stanzas)},
                               {"limit", static_cast<std::int64_t>(page->messages.size())}}));
}

Awaitable get_last_messages(ApiServices& s, const FieldContext& c) {
  auto read = last_messages(s, arg_jid(c, "caller"), c);
  co_return co_await std::move(read);
}

Awaitable user_get_last_messages(ApiServices& s, const FieldContext& c) {
  auto read = last_messages(s, caller_of(c).user, c);
  co_return co_await std::move(read);
}

}  // namespace

// The messages a user receives, for a subscription: a session of its own in the session
// manager (resource "graphql-sse-…", priority 0), so that it gets what any client of the user
// would get. It lives on the shard of the HTTP connection that serves the subscription.
class MessageStream final : public meerkat::graphql::EventStream, public router::SessionSink {
 public:
  MessageStream(ApiServices& services, jid::Jid full, const asio::any_io_executor& executor)
      : services_(services), full_(std::move(full)), wake_(executor) {
    handle_ = std::make_shared<router::SessionHandle>(router::SessionHandle{executor, this});
    handle_->origin.connection = "graphql_sse";
    services_.router.sessions().open(full_, handle_);
    services_.router.sessions().set_presence(full_, handle_.get(), 0, true, nullptr);
  }
  ~MessageStream() override {
    handle_->sink = nullptr;
    services_.router.sessions().close(full_, handle_.get());
  }

  void deliver(xml::Element stanza) override {
    if (stanza.name() != "message") return;
    queue_.push_back(std::move(stanza));
    wake_.cancel();
  }
  void terminate(stanza::StreamErrorCondition, std::string) override {
    ended_ = true;
    wake_.cancel();
  }

  asio::awaitable<std::optional<Resolved>> next() override {
    while (queue_.empty() && !ended_) {
      wake_.expires_at(asio::steady_timer::time_point::max());
      co_await wake_.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    if (queue_.empty()) co_return std::nullopt;
    auto message = std::move(queue_.front());
    queue_.pop_front();
    const auto* stamp = stanza::stanza_id_by(message, full_.bare_view());
    json::object event{
        {"sender", message.attr_or("from", "")},
        {"timestamp", api_datetime(std::chrono::system_clock::now())},
        {"stanza_id", stamp ? json::value(json::string(stamp->attr_or("id", ""))) : json::value()},
        {"stanza", xml::to_string(message)}};
    co_return Resolved(json::value(std::move(event)));
  }

 private:
  ApiServices& services_;
  jid::Jid full_;
  asio::steady_timer wake_;
  router::SessionHandlePtr handle_;
  std::deque<xml::Element> queue_;
  bool ended_ = false;
};

namespace {

asio::awaitable<FieldResult> subscribe(ApiServices& s, jid::Jid user) {
  auto problem = check_user(s, user.bare());
  if (auto error = co_await std::move(problem)) co_return *error;
  auto full = user.bare().with_resource("graphql-sse-" + stanza::make_id());
  auto executor = co_await asio::this_coro::executor;
  co_return Resolved::of(std::shared_ptr<meerkat::graphql::EventStream>(
      std::make_shared<MessageStream>(s, std::move(*full), executor)));
}

Awaitable subscribe_for_messages(ApiServices& s, const FieldContext& c) {
  auto start = subscribe(s, arg_jid(c, "caller"));
  co_return co_await std::move(start);
}

Awaitable user_subscribe_for_messages(ApiServices& s, const FieldContext& c) {
  auto start = subscribe(s, caller_of(c).user);
  co_return co_await std::move(start);
}

}  // namespace

void add_stanza_commands(Executors executors, ApiServices& services) {
  auto& admin = executors.admin;
  add_command(admin, services, "StanzaAdminMutation", "sendMessage", send_message);
  add_command(admin, services, "StanzaAdminMutation", "sendMessageHeadLine", send_headline);
  add_command(admin, services, "StanzaAdminMutation", "sendStanza", send_stanza);
  add_command(admin, services, "StanzaAdminQuery", "getLastMessages", get_last_messages);
  add_command(admin, services, "StanzaAdminSubscription", "subscribeForMessages",
              subscribe_for_messages);
  auto& user = executors.user;
  add_command(user, services, "StanzaUserMutation", "sendMessage", user_send_message);
  add_command(user, services, "StanzaUserMutation", "sendMessageHeadLine", user_send_headline);
  add_command(user, services, "StanzaUserMutation", "sendStanza", user_send_stanza);
  add_command(user, services, "StanzaUserQuery", "getLastMessages", user_get_last_messages);
  add_command(user, services, "StanzaUserSubscription", "subscribeForMessages",
              user_subscribe_for_messages);
}

}  // namespace meerkat::api::graphql
