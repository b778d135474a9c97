// SPDX-License-Identifier: Apache-2.0
// mod_fast_auth_token: XEP-0484 Fast Authentication Streamlining Tokens. A client that logged
// in over SASL2 asks for a token; later logins present an HMAC of it (the HT mechanisms,
// auth/sasl/hashed_token.hpp) instead of running SCRAM. Tokens belong to one client (its
// XEP-0388 user-agent id) and one mechanism, expire after validity_period.access, and are
// rotated when a login comes within rotate_before_expire of the expiry: the new token is
// kept beside the old one until the client uses it, so a lost <token/> locks nobody out.
#pragma once

#include <chrono>

#include "config/modules/fast_auth_token_options.hpp"
#include "modules/module_context.hpp"
#include "net/keyed_mutex.hpp"
#include "storage/fast_token_store.hpp"

namespace meerkat::modules::fast_auth_token {

class FastAuthTokenModule final : public Module, public hooks::FastTokenService {
 public:
  static constexpr std::string_view kName = "mod_fast_auth_token";
  FastAuthTokenModule(ModuleContext& context, const config::modules::FastAuthTokenOptions& options);

  boost::asio::awaitable<Result<hooks::FastVerdict>> verify(hooks::FastLogin login) override;
  boost::asio::awaitable<Result<hooks::IssuedFastToken>> issue(std::string user, std::string host,
                                                               std::string agent_id,
                                                               std::string mechanism) override;

 private:
  storage::FastToken make_token(std::string mechanism) const;
  boost::asio::awaitable<hooks::HookResult> remove_user(hooks::UserEvent& event);

  storage::FastTokenStore& store_;
  std::chrono::seconds access_;
  std::chrono::seconds rotate_before_expire_;
  // One login or issue at a time per client: each reads, changes and writes its token pair.
  net::KeyedMutex locks_;
};

}  // namespace meerkat::modules::fast_auth_token
