// SPDX-License-Identifier: Apache-2.0
#include "api/graphql/commands/command_support.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>

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

boost::asio::awaitable<std::optional<FieldError>> check_user(ApiServices& services,
                                                             jid::Jid user) {
  if (!services.router.is_local_host(user.domain())) co_return unknown_domain(user.domain());
  auto exists = co_await services.authenticator.account_exists(std::string(user.node()),
                                                               std::string(user.domain()));
  if (!exists) co_return internal_error(exists.error());
  if (!*exists) co_return unknown_user(user);
  co_return std::nullopt;
}

}  // namespace meerkat::api::graphql
