// SPDX-License-Identifier: Apache-2.0
// The server's authentication methods (MongooseIM authentication-methods/*.md): which SASL
// mechanisms a stream may offer, where credentials come from, and who may log in. Methods
// here: internal (the account store), anonymous, dummy and pki (SASL EXTERNAL).
#pragma once

#include <openssl/ssl.h>

#include <atomic>
#include <boost/asio/awaitable.hpp>
#include <optional>
#include <string>
#include <vector>

#include "acl/access_rules.hpp"
#include "auth/password/password_record.hpp"
#include "auth/sasl/sasl_failure.hpp"
#include "config/auth_options.hpp"
#include "core/error/error.hpp"
#include "storage/account_store.hpp"

namespace meerkat::auth {

// What a stream can support, to choose the mechanisms it offers.
struct MechanismQuery {
  bool is_tls = false;
  bool has_channel_binding = false;     // -PLUS mechanisms need it
  bool has_client_certificate = false;  // EXTERNAL needs a verified certificate
  bool has_auth_tokens = false;         // X-OAUTH needs mod_auth_token
  // listen.c2s.allowed_auth_methods; unset: every enabled method.
  std::optional<std::vector<std::string>> allowed_methods;
};

class Authenticator {
 public:
  // `accounts` may be null when no method needs an account store.
  Authenticator(const config::AuthOptions& options, storage::AccountStore* accounts,
                const acl::AccessRules& access);

  // The mechanisms to offer, in the order of auth.sasl_mechanisms.
  std::vector<config::SaslMechanism> mechanisms(const MechanismQuery& query) const;
  // Whether the dummy method accepts any password for PLAIN (MongooseIM's dummy).
  bool accepts_any_password(const std::optional<std::vector<std::string>>& allowed) const;
  // Whether PLAIN lets in a name without an account, as an anonymous user (anonymous
  // protocol login_anon or both); a registered name still needs its password.
  bool accepts_unknown_users(const std::optional<std::vector<std::string>>& allowed) const;

  // The stored credentials of an account; nullopt when there is none.
  boost::asio::awaitable<Result<std::optional<password::PasswordRecord>>> password_record(std::string user,
                                                                              std::string host);
  // After a mechanism succeeded: the account must exist (where the mechanism did not look it
  // up) and the listener's access rule must allow the user. nullopt: allowed.
  boost::asio::awaitable<std::optional<sasl::SaslFailure>> authorize(
      std::string user, std::string host, std::string access_rule,
      config::SaslMechanism mechanism);
  // Whether a login is an anonymous one (SASL ANONYMOUS, or PLAIN for a name without an
  // account under login_anon): such users own nothing once their session ends.
  bool is_anonymous_login(config::SaslMechanism mechanism, bool unknown_user) const;

  // Account management (in-band registration, the admin CLI). Passwords are stored as
  // auth.password says: SCRAM keys by default, never in clear unless format = "plain".
  boost::asio::awaitable<Result<bool>> create_account(std::string user, std::string host,
                                                      std::string password);
  boost::asio::awaitable<Result<bool>> set_password(std::string user, std::string host,
                                                    std::string password);
  boost::asio::awaitable<Result<bool>> account_exists(std::string user, std::string host);
  storage::AccountStore* accounts() const { return accounts_; }
  const acl::AccessRules& access() const { return access_; }

  // SASL EXTERNAL identities of a verified client certificate, as auth.sasl_external allows:
  // "standard" takes its xmppAddr JIDs, "common_name" its subject CN (with
  // sasl_external_common_name's prefix and suffix) as a username.
  std::vector<std::string> external_identities(SSL* tls) const;

  // A random per-process secret: SCRAM answers unknown users with salts derived from it.
  const std::string& fake_salt_secret() const { return fake_salt_secret_; }
  int scram_iterations() const { return options_.password.scram_iterations; }

  void count_failure() { failures_.fetch_add(1, std::memory_order_relaxed); }
  std::uint64_t failures() const { return failures_.load(std::memory_order_relaxed); }

 private:
  bool is_enabled(config::AuthMethod method,
                  const std::optional<std::vector<std::string>>& allowed) const;
  bool is_offered(config::SaslMechanism mechanism, const MechanismQuery& query) const;

  const config::AuthOptions& options_;
  storage::AccountStore* accounts_;
  const acl::AccessRules& access_;
  std::string fake_salt_secret_;
  std::atomic<std::uint64_t> failures_{0};
};

}  // namespace meerkat::auth
