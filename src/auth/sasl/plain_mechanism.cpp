// SPDX-License-Identifier: Apache-2.0
#include "auth/sasl/plain_mechanism.hpp"

#include <openssl/crypto.h>

#include "core/jid/jid.hpp"

namespace meerkat::auth::sasl {
namespace {

// RFC 4616 §2 asks servers to accept fields of at least 255 octets; longer ones than this are
// refused so a client cannot make us SASLprep and hash arbitrary amounts of data.
constexpr std::size_t kMaxFieldSize = 1024;

void wipe(std::string& secret) {
  OPENSSL_cleanse(secret.data(), secret.size());
  secret.clear();
}

}  // namespace

PlainMechanism::~PlainMechanism() { wipe(password_); }

SaslStep PlainMechanism::fail(SaslFailure failure, std::string text) {
  state_ = State::kDone;
  wipe(password_);
  return SaslStep::fail(failure, std::move(text));
}

SaslStep PlainMechanism::start(std::string_view initial_response) {
  // RFC 6120 §6.4.2: without an initial response, an empty challenge asks for the message.
  if (initial_response.empty()) return SaslStep::challenge({});
  return respond(initial_response);
}

SaslStep PlainMechanism::respond(std::string_view response) {
  if (state_ != State::kMessage) return fail(SaslFailure::kMalformedRequest, "unexpected response");
  const std::size_t first = response.find('\0');
  const std::size_t second =
      first == std::string_view::npos ? first : response.find('\0', first + 1);
  if (second == std::string_view::npos ||
      response.find('\0', second + 1) != std::string_view::npos) {
    return fail(SaslFailure::kMalformedRequest, "expected authzid NUL authcid NUL passwd");
  }
  const std::string_view authzid = response.substr(0, first);
  const std::string_view authcid = response.substr(first + 1, second - first - 1);
  const std::string_view password = response.substr(second + 1);
  if (authcid.empty() || password.empty() || authzid.size() > kMaxFieldSize ||
      authcid.size() > kMaxFieldSize || password.size() > kMaxFieldSize) {
    return fail(SaslFailure::kMalformedRequest, "empty or oversized PLAIN field");
  }
  auto username = jid::Jid::nodeprep(authcid);
  if (!username) return fail(SaslFailure::kMalformedRequest, "invalid username");
  if (!is_permitted_authzid(authzid, *username, context_.host)) {
    return fail(SaslFailure::kInvalidAuthzid, "authzid is not the authenticating user");
  }
  username_ = std::move(*username);
  authzid_ = std::string(authzid);
  password_ = std::string(password);
  if (context_.accept_any_password) {
    state_ = State::kDone;
    wipe(password_);
    return SaslStep::success({}, username_, authzid_);
  }
  state_ = State::kCredentials;
  return SaslStep::need_credentials(username_, authzid_);
}

SaslStep PlainMechanism::credentials(std::optional<password::PasswordRecord> record) {
  if (state_ != State::kCredentials) {
    return fail(SaslFailure::kMalformedRequest, "unexpected credentials");
  }
  if (!record && context_.accept_unknown_users) {
    state_ = State::kDone;
    wipe(password_);
    return SaslStep::success({}, username_, authzid_);
  }
  // Unknown user and wrong password answer alike.
  if (!record || !password::verify_password(*record, password_)) {
    return fail(SaslFailure::kNotAuthorized, "authentication failed");
  }
  state_ = State::kDone;
  wipe(password_);
  return SaslStep::success({}, username_, authzid_);
}

}  // namespace meerkat::auth::sasl
