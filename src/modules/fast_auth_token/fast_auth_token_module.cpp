// SPDX-License-Identifier: Apache-2.0
#include "modules/fast_auth_token/fast_auth_token_module.hpp"

#include "auth/sasl/hashed_token.hpp"
#include "core/encoding/base64.hpp"
#include "observability/log.hpp"

namespace meerkat::modules::fast_auth_token {

namespace asio = boost::asio;
using hooks::HookResult;

namespace {

const auto& log() {
  static const auto logger = observability::logger("fast_auth_token");
  return logger;
}

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string lock_key(const std::string& user, const std::string& host,
                     const std::string& agent_id) {
  return user + '@' + host + '\0' + agent_id;
}

// Whether `token` is the one the client's proof was made with.
bool proves(const storage::FastToken& token, const hooks::FastLogin& login) {
  auto mechanism = auth::sasl::parse_hashed_token_mechanism(login.mechanism);
  if (!mechanism || token.mechanism != login.mechanism) return false;
  auto expected = auth::sasl::initiator_proof(*mechanism, token.secret, login.channel_binding);
  return auth::scram::constant_time_equal(expected, login.proof);
}

hooks::IssuedFastToken issued(const storage::FastToken& token) {
  return {token.secret, token.mechanism, token.expires_at};
}

}  // namespace

FastAuthTokenModule::FastAuthTokenModule(ModuleContext& context,
                                         const config::modules::FastAuthTokenOptions& options)
    : store_(*context.stores.fast_tokens),
      access_(options.validity_period.access.seconds()),
      rotate_before_expire_(options.validity_period.rotate_before_expire.seconds()) {
  context.hooks.fast_tokens = this;
  context.hooks.remove_user.add(std::string(kName), hooks::kPriorityDefault,
                                [this](hooks::UserEvent& e) { return remove_user(e); });
}

storage::FastToken FastAuthTokenModule::make_token(std::string mechanism) const {
  return {encoding::base64_encode(auth::scram::random_bytes(32)), std::move(mechanism),
          unix_now() + access_.count(), std::nullopt};
}

asio::awaitable<Result<hooks::FastVerdict>> FastAuthTokenModule::verify(hooks::FastLogin login) {
  auto guard = co_await locks_.lock(lock_key(login.user, login.host, login.agent_id));
  auto found = co_await store_.tokens(login.user, login.host, login.agent_id);
  if (!found) co_return found.error();
  const auto before = *found;
  auto tokens = std::move(*found);
  // The next token first: a client that has it uses it, and using it retires the current one.
  bool is_next = tokens.next && proves(*tokens.next, login);
  auto* token = is_next                                            ? &*tokens.next
                : tokens.current && proves(*tokens.current, login) ? &*tokens.current
                                                                   : nullptr;
  hooks::FastVerdict verdict;
  if (!token) co_return verdict;
  auto now = unix_now();
  if (token->expires_at <= now) {
    verdict.expired = true;
    co_return verdict;
  }
  // XEP-0484 §6.1: a count must grow with every use, so a replayed 0-RTT login fails.
  if (login.count) {
    if (token->count && *login.count <= *token->count) co_return verdict;
    token->count = login.count;
  }
  auto mechanism = auth::sasl::parse_hashed_token_mechanism(login.mechanism);
  verdict.accepted = true;
  verdict.responder_proof =
      auth::sasl::responder_proof(*mechanism, token->secret, login.channel_binding);
  if (is_next) {
    tokens.current = std::move(tokens.next);
    tokens.next.reset();
  }
  bool rotation_due = rotate_before_expire_.count() > 0 &&
                      tokens.current->expires_at - now <= rotate_before_expire_.count();
  if (login.invalidate) {
    tokens = {};
  } else if (rotation_due) {
    // One new token at a time: a client that missed it gets the same one again.
    if (!tokens.next || tokens.next->mechanism != login.mechanism) {
      tokens.next = make_token(login.mechanism);
    }
    verdict.rotated = issued(*tokens.next);
  }
  if (tokens == before) co_return verdict;  // the usual login changes nothing: no write
  auto stored = co_await store_.store(std::move(login.user), std::move(login.host),
                                      std::move(login.agent_id), std::move(tokens));
  if (!stored) co_return stored.error();
  co_return verdict;
}

asio::awaitable<Result<hooks::IssuedFastToken>> FastAuthTokenModule::issue(std::string user,
                                                                           std::string host,
                                                                           std::string agent_id,
                                                                           std::string mechanism) {
  auto guard = co_await locks_.lock(lock_key(user, host, agent_id));
  auto found = co_await store_.tokens(user, host, agent_id);
  if (!found) co_return found.error();
  auto tokens = std::move(*found);
  tokens.next = make_token(std::move(mechanism));
  auto token = issued(*tokens.next);
  auto stored = co_await store_.store(std::move(user), std::move(host), std::move(agent_id),
                                      std::move(tokens));
  if (!stored) co_return stored.error();
  co_return token;
}

asio::awaitable<HookResult> FastAuthTokenModule::remove_user(hooks::UserEvent& event) {
  auto removed = co_await store_.remove_user(event.user, event.host);
  if (!removed) log()->warn("fast_tokens_remove_failed error=\"{}\"", removed.error().text);
  co_return HookResult::kContinue;
}

}  // namespace meerkat::modules::fast_auth_token
