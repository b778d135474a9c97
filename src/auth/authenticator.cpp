// SPDX-License-Identifier: Apache-2.0
#include "auth/authenticator.hpp"

#include <algorithm>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <random>

#include "auth/sasl/client_certificate.hpp"
#include "auth/scram/scram.hpp"

namespace meerkat::auth {

namespace asio = boost::asio;
using config::AuthMethod;
using config::SaslMechanism;

namespace {

std::string_view method_name(AuthMethod method) {
  switch (method) {
    case AuthMethod::kInternal: return "internal";
    case AuthMethod::kRdbms: return "rdbms";
    case AuthMethod::kExternal: return "external";
    case AuthMethod::kAnonymous: return "anonymous";
    case AuthMethod::kLdap: return "ldap";
    case AuthMethod::kJwt: return "jwt";
    case AuthMethod::kHttp: return "http";
    case AuthMethod::kPki: return "pki";
    case AuthMethod::kDummy: return "dummy";
  }
  return "";
}

bool is_scram(SaslMechanism m) {
  return m != SaslMechanism::kPlain && m != SaslMechanism::kAnonymous &&
         m != SaslMechanism::kOauth && m != SaslMechanism::kExternal &&
         m != SaslMechanism::kDigest;
}

bool is_plus(SaslMechanism m) {
  switch (m) {
    case SaslMechanism::kScramSha1Plus:
    case SaslMechanism::kScramSha224Plus:
    case SaslMechanism::kScramSha256Plus:
    case SaslMechanism::kScramSha384Plus:
    case SaslMechanism::kScramSha512Plus: return true;
    default: return false;
  }
}

}  // namespace

Authenticator::Authenticator(const config::AuthOptions& options, storage::AccountStore* accounts,
                             const acl::AccessRules& access)
    : options_(options),
      accounts_(accounts),
      access_(access),
      fake_salt_secret_(scram::random_bytes(32)) {}

bool Authenticator::is_enabled(AuthMethod method,
                               const std::optional<std::vector<std::string>>& allowed) const {
  bool configured = false;
  switch (method) {
    case AuthMethod::kInternal:
      // No method configured at all: the embedded account store, as MongooseIM's default.
      configured = options_.internal.has_value() ||
                   (!options_.rdbms && !options_.anonymous && !options_.dummy && !options_.pki);
      break;
    case AuthMethod::kRdbms: configured = options_.rdbms.has_value(); break;
    case AuthMethod::kAnonymous: configured = options_.anonymous.has_value(); break;
    case AuthMethod::kDummy: configured = options_.dummy.has_value(); break;
    case AuthMethod::kPki: configured = options_.pki.has_value(); break;
    default: configured = false; break;
  }
  if (!configured) return false;
  if (!allowed) return true;
  auto name = method_name(method);
  return std::find(allowed->begin(), allowed->end(), name) != allowed->end();
}

bool Authenticator::accepts_any_password(
    const std::optional<std::vector<std::string>>& allowed) const {
  return is_enabled(AuthMethod::kDummy, allowed);
}

bool Authenticator::accepts_unknown_users(
    const std::optional<std::vector<std::string>>& allowed) const {
  return options_.anonymous && options_.anonymous->protocol != config::AnonymousProtocol::kSaslAnon &&
         is_enabled(AuthMethod::kAnonymous, allowed);
}

bool Authenticator::is_offered(SaslMechanism m, const MechanismQuery& q) const {
  const auto& allowed = q.allowed_methods;
  bool has_store = accounts_ && (is_enabled(AuthMethod::kInternal, allowed) ||
                                 is_enabled(AuthMethod::kRdbms, allowed));
  if (is_scram(m)) return has_store && (!is_plus(m) || q.has_channel_binding);
  switch (m) {
    case SaslMechanism::kPlain:
      return has_store || accepts_any_password(allowed) || accepts_unknown_users(allowed);
    case SaslMechanism::kAnonymous:
      return is_enabled(AuthMethod::kAnonymous, allowed) &&
             options_.anonymous->protocol != config::AnonymousProtocol::kLoginAnon;
    case SaslMechanism::kExternal:
      return q.has_client_certificate && is_enabled(AuthMethod::kPki, allowed);
    case SaslMechanism::kOauth: return q.has_auth_tokens;  // checked by mod_auth_token
    default: return false;                                 // DIGEST-MD5 is not implemented
  }
}

std::vector<SaslMechanism> Authenticator::mechanisms(const MechanismQuery& query) const {
  std::vector<SaslMechanism> offered;
  for (auto m : options_.sasl_mechanisms) {
    if (is_offered(m, query)) offered.push_back(m);
  }
  return offered;
}

bool Authenticator::is_anonymous_login(SaslMechanism mechanism, bool unknown_user) const {
  if (mechanism == SaslMechanism::kAnonymous) return true;
  return mechanism == SaslMechanism::kPlain && unknown_user && !options_.dummy;
}

std::vector<std::string> Authenticator::external_identities(SSL* tls) const {
  X509* cert = tls ? SSL_get0_peer_certificate(tls) : nullptr;
  if (!cert || SSL_get_verify_result(tls) != X509_V_OK) return {};
  std::vector<std::string> identities;
  const auto& allowed = options_.sasl_external;
  auto allows = [&](std::string_view what) {
    return std::find(allowed.begin(), allowed.end(), what) != allowed.end();
  };
  if (allows("standard")) identities = sasl::xmpp_addresses(cert);
  if (allows("common_name")) {
    if (auto cn = sasl::common_name(cert); cn && !cn->empty()) {
      const auto& affixes = options_.sasl_external_common_name;
      identities.push_back(affixes.prefix + *cn + affixes.suffix);
    }
  }
  return identities;
}

asio::awaitable<Result<std::optional<password::PasswordRecord>>> Authenticator::password_record(
    std::string user, std::string host) {
  if (!accounts_) co_return std::optional<password::PasswordRecord>{};
  auto stored = co_await accounts_->password_record(std::move(user), std::move(host));
  if (!stored) co_return stored.error();
  if (!*stored) co_return std::optional<password::PasswordRecord>{};
  auto record = password::parse_password_record(**stored);
  if (!record) co_return record.error();
  co_return std::optional<password::PasswordRecord>(std::move(*record));
}

asio::awaitable<std::optional<sasl::SaslFailure>> Authenticator::authorize(
    std::string user, std::string host, std::string access_rule, SaslMechanism mechanism) {
  if (mechanism == SaslMechanism::kPlain && options_.dummy) {
    // MongooseIM's dummy method answers after base_time plus a random part of variance, so a
    // load test sees something like the latency of a real backend.
    thread_local std::minstd_rand random{std::random_device{}()};
    auto variance = std::max<std::int64_t>(1, options_.dummy->variance.count());
    auto delay = options_.dummy->base_time + std::chrono::milliseconds(random() % variance);
    asio::steady_timer timer(co_await asio::this_coro::executor, delay);
    co_await timer.async_wait(asio::use_awaitable);
  }
  if (mechanism == SaslMechanism::kExternal) {
    auto lookup_user = user;  // named copies: GCC 12 mishandles temporaries in co_await
    auto lookup_host = host;
    auto exists = co_await account_exists(std::move(lookup_user), std::move(lookup_host));
    if (!exists) co_return sasl::SaslFailure::kTemporaryAuthFailure;
    if (!*exists) co_return sasl::SaslFailure::kNotAuthorized;
  }
  auto who = jid::Jid::make(user, host);
  if (!who || !access_.allows(access_rule, *who, host)) {
    co_return sasl::SaslFailure::kNotAuthorized;
  }
  co_return std::nullopt;
}

asio::awaitable<Result<bool>> Authenticator::create_account(std::string user, std::string host,
                                                            std::string password) {
  if (!accounts_) co_return Error::internal("no account store");
  auto record = password::serialize(password::make_password_record(password, options_.password));
  auto created = co_await accounts_->create(std::move(user), std::move(host), std::move(record));
  co_return created;
}

asio::awaitable<Result<bool>> Authenticator::set_password(std::string user, std::string host,
                                                          std::string password) {
  if (!accounts_) co_return Error::internal("no account store");
  auto record = password::serialize(password::make_password_record(password, options_.password));
  auto changed =
      co_await accounts_->set_password_record(std::move(user), std::move(host), std::move(record));
  co_return changed;
}

asio::awaitable<Result<bool>> Authenticator::account_exists(std::string user, std::string host) {
  if (!accounts_) co_return false;
  auto stored = co_await accounts_->password_record(std::move(user), std::move(host));
  if (!stored) co_return stored.error();
  co_return stored->has_value();
}

}  // namespace meerkat::auth
