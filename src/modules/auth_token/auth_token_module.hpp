// SPDX-License-Identifier: Apache-2.0
// mod_auth_token: MongooseIM's OAuth-like tokens. A logged-in user asks for an access and a
// refresh token (an IQ to their own JID, or the token API); later logins present one with
// SASL X-OAUTH. Access tokens are checked by their MAC and expiry only; refresh tokens also
// carry the user's sequence number, which revoking moves on, and a login with one answers a
// fresh access token. Tokens are signed with mod_keystore's "token_secret", a key per domain.
// Provision tokens (accounts made from an outside service's token) are not supported.
#pragma once

#include <chrono>
#include <string>

#include "config/modules/auth_token_options.hpp"
#include "modules/auth_token/token_codec.hpp"
#include "modules/module_context.hpp"
#include "storage/auth_token_store.hpp"

namespace meerkat::modules::auth_token {

class AuthTokenModule final : public Module, public hooks::AuthTokenService {
 public:
  static constexpr std::string_view kName = "mod_auth_token";
  static constexpr std::string_view kNamespace = "erlang-solutions.com:xmpp:token-auth:0";

  // `keystore`: mod_keystore's options, if it is on.
  AuthTokenModule(ModuleContext& context, const config::modules::AuthTokenOptions& options,
                  const std::optional<config::modules::KeystoreOptions>& keystore);

  boost::asio::awaitable<Result<hooks::AuthTokens>> issue(std::string user,
                                                          std::string host) override;
  boost::asio::awaitable<Result<std::optional<hooks::TokenLogin>>> verify(
      std::string token, std::string host) override;
  boost::asio::awaitable<Result<bool>> revoke(std::string user, std::string host) override;

 private:
  boost::asio::awaitable<hooks::IqReply> request_tokens(hooks::IqRequest& request);
  std::string key_for(std::string_view host) const;
  std::string access_token(const std::string& jid, std::string_view host) const;

  storage::AuthTokenStore& store_;
  auth::Authenticator& authenticator_;
  std::chrono::seconds access_;
  std::chrono::seconds refresh_;
  std::string secret_;  // token_secret; each domain signs with an HMAC of it
};

}  // namespace meerkat::modules::auth_token
