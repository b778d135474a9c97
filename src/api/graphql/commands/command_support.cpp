// SPDX-License-Identifier: Apache-2.0
#include "api/graphql/commands/command_support.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <ctime>

#include "hooks/server_hooks.hpp"

namespace meerkat::api::graphql {

std::string arg_string(const FieldContext& c, std::string_view name) {
  auto v = opt_string(c, name);
  return v ? *v : std::string();
}

std::optional<std::string> opt_string(const FieldContext& c, std::string_view name) {
  const auto* v = c.arguments.if_contains(name);
  if (!v || !v->is_string()) return std::nullopt;
  return std::string(v->as_string());
}

std::optional<std::int64_t> opt_int(const FieldContext& c, std::string_view name) {
  const auto* v = c.arguments.if_contains(name);
  if (!v || !v->is_int64()) return std::nullopt;
  return v->as_int64();
}

jid::Jid arg_jid(const FieldContext& c, std::string_view name) {
  // The JID scalars checked the value; an absent optional argument gives an empty JID.
  auto parsed = jid::Jid::parse(arg_string(c, name));
  return parsed ? *parsed : jid::Jid();
}

std::string api_datetime(std::chrono::system_clock::time_point when) {
  std::time_t t = std::chrono::system_clock::to_time_t(when);
  std::tm utc{};
  gmtime_r(&t, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

FieldError bad_input(std::string message) {
  return FieldError::coded(std::move(message), "bad_request");
}

FieldError not_found(std::string message) {
  return FieldError::coded(std::move(message), "not_found");
}

FieldError internal_error(const Error& error) {
  return FieldError::coded("Internal error: " + error.text, "internal_server_error");
}

FieldError unknown_user(const jid::Jid& user) {
  auto e = FieldError::coded("Given user does not exist", "user_does_not_exist");
  e.extensions["jid"] = user.to_string();
  return e;
}

FieldError unknown_domain(std::string_view domain) {
  auto e = FieldError::coded("Given domain is not served here", "domain_not_found");
  e.extensions["domain"] = domain;
  return e;
}

boost::asio::awaitable<void> run_off_shard(std::function<void()> job) {
  namespace asio = boost::asio;
  static asio::thread_pool workers(1);
  auto shard = co_await asio::this_coro::executor;
  // Shared with the worker: if this coroutine is destroyed (server stop) the worker still
  // finds the timer alive.
  auto done = std::make_shared<asio::steady_timer>(shard, asio::steady_timer::time_point::max());
  asio::post(workers, [job = std::move(job), done, shard] {
    job();
    asio::post(shard, [done] { done->cancel(); });
  });
  co_await done->async_wait(asio::as_tuple(asio::use_awaitable));
}

boost::asio::awaitable<void> send_as(ApiServices& services, jid::Jid from, jid::Jid to,
                                     xml::Element stanza) {
  auto& hooks = services.router.hooks();
  hooks::StanzaEvent event{std::move(from), std::move(to), std::move(stanza)};
  auto sent = co_await hooks.user_send_packet.run(event);
  if (sent == hooks::HookResult::kStop) co_return;
  auto type = event.stanza.attr_or("type", "");
  bool subscription =
      event.stanza.name() == "presence" && (type == "subscribe" || type == "subscribed" ||
                                            type == "unsubscribe" || type == "unsubscribed");
  if (subscription) {
    auto handled = co_await hooks.subscription_out.run(event);
    if (handled == hooks::HookResult::kStop) co_return;
  }
  co_await services.router.route(std::move(event.from), std::move(event.to),
                                 std::move(event.stanza));
}

boost::asio::awaitable<hooks::IqReply> user_iq(ApiServices& services, jid::Jid user,
                                               xml::Element iq) {
  const auto* payload =
      iq.children().begin() != iq.children().end() ? &*iq.children().begin() : nullptr;
  if (!payload) co_return Error::bad_request("empty IQ");
  const auto* handler = services.router.hooks().iq.find(hooks::IqScope::kUser, payload->xmlns());
  if (!handler) {
    co_return Error{ErrorType::kCancel, Condition::kServiceUnavailable,
                    "no module serves " + payload->xmlns()};
  }
  hooks::IqRequest request{user.bare(), user.bare(), std::move(iq), std::nullopt, {}};
  auto reply = co_await (*handler)(request);
  if (request.after_reply) request.after_reply();
  co_return reply;
}

// Deletes the account and everything stored for the user, then ends the user's sessions.
boost::asio::awaitable<std::optional<FieldError>> remove_account(ApiServices& s, jid::Jid user) {
  auto problem = check_user(s, user);
  if (auto error = co_await std::move(problem)) co_return error;
  // The modules take leave first (contacts are told), then the data goes.
  hooks::UserEvent event{std::string(user.node()), std::string(user.domain())};
  co_await s.router.hooks().remove_user.run(event);
  auto call = s.stores.accounts->remove(std::string(user.node()), std::string(user.domain()));
  auto removed = co_await std::move(call);
  if (!removed) co_return internal_error(removed.error());
  s.router.sessions().terminate_all(user.bare(), stanza::StreamErrorCondition::kNotAuthorized,
                                    "The account was removed");
  co_return std::nullopt;
}

boost::asio::awaitable<std::optional<FieldError>> check_user(ApiServices& services, jid::Jid user) {
  if (!services.router.is_local_host(user.domain())) co_return unknown_domain(user.domain());
  auto exists = co_await services.authenticator.account_exists(std::string(user.node()),
                                                               std::string(user.domain()));
  if (!exists) co_return internal_error(exists.error());
  if (!*exists) co_return unknown_user(user);
  co_return std::nullopt;
}

}  // namespace meerkat::api::graphql
