// SPDX-License-Identifier: Apache-2.0
#include "modules/auth_token/auth_token_module.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>

#include "auth/scram/scram.hpp"
#include "core/encoding/base64.hpp"
#include "observability/log.hpp"

namespace meerkat::modules::auth_token {

namespace asio = boost::asio;
using config::modules::KeyType;

namespace {

// mod_keystore's key name for access and refresh tokens.
constexpr std::string_view kTokenSecret = "token_secret";

const auto& log() {
  static const auto logger = observability::logger("auth_token");
  return logger;
}

std::int64_t expiry_after(std::chrono::seconds validity) {
  return gregorian_seconds(std::chrono::system_clock::now()) + validity.count();
}

// token_secret from mod_keystore: a file's bytes, or random bytes made now (a "ram" key, gone
// with a restart, as in MongooseIM). Without the key configured, a ram key all the same.
std::string load_secret(const std::optional<config::modules::KeystoreOptions>& keystore) {
  std::size_t ram_size = keystore ? static_cast<std::size_t>(keystore->ram_key_size) : 2048;
  bool ram_configured = false;
  if (keystore) {
    for (const auto& key : keystore->keys) {
      if (key.name != kTokenSecret) continue;
      ram_configured = key.type == KeyType::kRam;
      if (ram_configured) break;
      std::ifstream file(key.path, std::ios::binary);
      std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
      if (!file.good() && !file.eof()) {
        throw std::runtime_error("modules.mod_keystore.keys: cannot read \"" + key.path + "\"");
      }
      if (bytes.empty()) {
        throw std::runtime_error("modules.mod_keystore.keys: \"" + key.path + "\" is empty");
      }
      return bytes;
    }
  }
  if (!ram_configured) {
    log()->warn("auth_token_ram_key reason=\"modules.mod_keystore has no token_secret key\"");
  }
  return auth::scram::random_bytes(std::max<std::size_t>(ram_size, 32));
}

}  // namespace

AuthTokenModule::AuthTokenModule(ModuleContext& context,
                                 const config::modules::AuthTokenOptions& options,
                                 const std::optional<config::modules::KeystoreOptions>& keystore)
    : store_(*context.stores.auth_tokens),
      authenticator_(context.authenticator),
      access_(options.validity_period.access.seconds()),
      refresh_(options.validity_period.refresh.seconds()),
      secret_(load_secret(keystore)) {
  context.hooks.auth_tokens = this;
  context.hooks.iq.add(hooks::IqScope::kUser, std::string(kNamespace),
                       [this](hooks::IqRequest& request) { return request_tokens(request); });
}

// Each domain signs with a key of its own, so no domain's token opens another's accounts.
std::string AuthTokenModule::key_for(std::string_view host) const {
  return auth::scram::hmac(auth::scram::ScramHash::kSha384, secret_, host);
}

std::string AuthTokenModule::access_token(const std::string& jid, std::string_view host) const {
  return serialize(Token{TokenType::kAccess, jid, expiry_after(access_), 0, {}}, key_for(host));
}

asio::awaitable<Result<hooks::AuthTokens>> AuthTokenModule::issue(std::string user,
                                                                  std::string host) {
  auto call = store_.current_or_start(user, host);
  auto sequence = co_await std::move(call);
  if (!sequence) co_return sequence.error();
  auto jid = user + "@" + host;
  Token refresh{TokenType::kRefresh, jid, expiry_after(refresh_), *sequence, {}};
  co_return hooks::AuthTokens{access_token(jid, host), serialize(refresh, key_for(host))};
}

asio::awaitable<Result<std::optional<hooks::TokenLogin>>> AuthTokenModule::verify(
    std::string raw, std::string host) {
  using Verdict = std::optional<hooks::TokenLogin>;
  auto token = auth_token::verify(raw, key_for(host));
  if (!token || token->type == TokenType::kProvision) co_return Verdict{};
  auto at = token->jid.find('@');
  if (at == std::string::npos || at == 0 || token->jid.substr(at + 1) != host) co_return Verdict{};
  if (token->expires_at <= gregorian_seconds(std::chrono::system_clock::now())) {
    co_return Verdict{};
  }
  hooks::TokenLogin login{token->jid.substr(0, at), {}};
  // A token outlives nothing: not the account it was issued to.
  auto lookup = authenticator_.account_exists(login.user, host);
  auto exists = co_await std::move(lookup);
  if (!exists) co_return exists.error();
  if (!*exists) co_return Verdict{};
  if (token->type == TokenType::kAccess) co_return Verdict{std::move(login)};
  auto call = store_.sequence(login.user, host);
  auto sequence = co_await std::move(call);
  if (!sequence) co_return sequence.error();
  // Revoking moved the number past the token's.
  if (!*sequence || token->sequence < **sequence) co_return Verdict{};
  login.access = access_token(token->jid, host);
  co_return Verdict{std::move(login)};
}

asio::awaitable<Result<bool>> AuthTokenModule::revoke(std::string user, std::string host) {
  auto call = store_.revoke(std::move(user), std::move(host));
  auto revoked = co_await std::move(call);
  co_return revoked;
}

// mod_auth_token.md "Requesting access or refresh tokens when logged in": a get to the
// user's own JID; the result carries both tokens, base64-encoded.
asio::awaitable<hooks::IqReply> AuthTokenModule::request_tokens(hooks::IqRequest& request) {
  if (!request.is_from_owner()) co_return Error{ErrorType::kCancel, Condition::kForbidden, {}};
  if (!request.is_get()) co_return Error{ErrorType::kCancel, Condition::kNotAllowed, {}};
  auto call = issue(std::string(request.to.node()), std::string(request.to.domain()));
  auto tokens = co_await std::move(call);
  if (!tokens) {
    log()->warn("auth_token_issue_failed user={} error=\"{}\"", request.to.to_string(),
                tokens.error().text);
    co_return Error{ErrorType::kWait, Condition::kInternalServerError, {}};
  }
  xml::Element items("items", std::string(kNamespace));
  items.append(xml::Element("access_token", std::string(kNamespace)))
      .append_text(encoding::base64_encode(tokens->access));
  items.append(xml::Element("refresh_token", std::string(kNamespace)))
      .append_text(encoding::base64_encode(tokens->refresh));
  co_return std::optional<xml::Element>(std::move(items));
}

}  // namespace meerkat::modules::auth_token
