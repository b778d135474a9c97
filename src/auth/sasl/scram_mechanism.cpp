// SPDX-License-Identifier: Apache-2.0
#include "auth/sasl/scram_mechanism.hpp"

#include <openssl/crypto.h>

#include "auth/sasl/scram_message.hpp"
#include "core/encoding/base64.hpp"
#include "core/jid/jid.hpp"

namespace meerkat::auth::sasl {
namespace {

constexpr std::size_t kServerNonceBytes = 24;
constexpr std::size_t kFakeSaltBytes = password::kSaltSize;

bool is_supported_cb_type(std::string_view type) {
  return type == "tls-exporter" || type == "tls-server-end-point";
}

}  // namespace

ScramMechanism::ScramMechanism(scram::ScramHash hash, bool plus, SaslContext context,
                               std::string server_nonce)
    : hash_(hash), plus_(plus), context_(std::move(context)), nonce_(std::move(server_nonce)) {
  if (nonce_.empty()) nonce_ = encoding::base64_encode(scram::random_bytes(kServerNonceBytes));
}

SaslStep ScramMechanism::fail(SaslFailure failure, std::string text) {
  state_ = State::kDone;
  return SaslStep::fail(failure, std::move(text));
}

SaslStep ScramMechanism::start(std::string_view initial_response) {
  // RFC 6120 §6.4.2: without an initial response, an empty challenge asks for one.
  if (initial_response.empty()) return SaslStep::challenge({});
  return respond(initial_response);
}

SaslStep ScramMechanism::respond(std::string_view response) {
  switch (state_) {
    case State::kClientFirst: return client_first(response);
    case State::kClientFinal: return client_final(response);
    case State::kCredentials:
    case State::kDone: break;
  }
  return fail(SaslFailure::kMalformedRequest, "unexpected response");
}

std::optional<SaslStep> ScramMechanism::check_channel_binding(char flag,
                                                              const std::string& cb_name) {
  if (flag == 'y' && (plus_ || context_.plus_offered)) {
    // The client supports channel binding and thinks we do not: someone stripped -PLUS.
    return fail(SaslFailure::kNotAuthorized, "channel binding downgrade detected");
  }
  if (flag != 'p') {
    if (plus_) return fail(SaslFailure::kMalformedRequest, "-PLUS requires channel binding");
    return std::nullopt;
  }
  if (!plus_) {
    return fail(SaslFailure::kMalformedRequest, "channel binding requires a -PLUS mechanism");
  }
  std::optional<std::string> data;
  if (is_supported_cb_type(cb_name) && context_.channel_binding) {
    data = context_.channel_binding(cb_name);
  }
  if (!data) return fail(SaslFailure::kNotAuthorized, "unsupported channel binding type");
  cb_data_ = std::move(*data);
  return std::nullopt;
}

SaslStep ScramMechanism::client_first(std::string_view message) {
  auto parsed = parse_scram_client_first(message);
  if (!parsed) return fail(SaslFailure::kMalformedRequest, parsed.error().text);
  if (auto failed = check_channel_binding(parsed->cbind_flag, parsed->cb_name)) return *failed;
  auto username = jid::Jid::nodeprep(parsed->username);
  if (!username) return fail(SaslFailure::kMalformedRequest, "invalid username");
  if (!is_permitted_authzid(parsed->authzid, *username, context_.host)) {
    return fail(SaslFailure::kInvalidAuthzid, "authzid is not the authenticating user");
  }
  username_ = std::move(*username);
  authzid_ = std::move(parsed->authzid);
  gs2_header_ = std::move(parsed->gs2_header);
  client_first_bare_ = std::move(parsed->bare);
  nonce_ = parsed->nonce + nonce_;
  state_ = State::kCredentials;
  return SaslStep::need_credentials(username_, authzid_);
}

std::string ScramMechanism::fake_salt() const {
  if (context_.fake_salt_secret.empty()) return scram::random_bytes(kFakeSaltBytes);
  return scram::hmac(scram::ScramHash::kSha256, context_.fake_salt_secret, "salt:" + username_)
      .substr(0, kFakeSaltBytes);
}

SaslStep ScramMechanism::credentials(std::optional<password::PasswordRecord> record) {
  if (state_ != State::kCredentials) {
    return fail(SaslFailure::kMalformedRequest, "unexpected credentials");
  }
  const scram::ScramKeys* stored = record ? record->keys_for(hash_) : nullptr;
  if (stored != nullptr) {
    keys_ = *stored;
    is_known_ = true;
  } else if (record && record->plain) {
    // Plain-format accounts: derive keys now, with the same salt an unknown user would get.
    keys_ = scram::make_scram_keys(hash_, *record->plain, fake_salt(), context_.scram_iterations);
    is_known_ = true;
  } else {
    keys_ = scram::ScramKeys{};
    keys_.hash = hash_;
    keys_.salt = fake_salt();
    keys_.iterations = context_.scram_iterations;
    is_known_ = false;
  }
  server_first_ = "r=" + nonce_ + ",s=" + encoding::base64_encode(keys_.salt) +
                  ",i=" + std::to_string(keys_.iterations);
  state_ = State::kClientFinal;
  return SaslStep::challenge(server_first_);
}

SaslStep ScramMechanism::client_final(std::string_view message) {
  auto parsed = parse_scram_client_final(message);
  if (!parsed) return fail(SaslFailure::kMalformedRequest, parsed.error().text);
  if (parsed->channel_binding != encoding::base64_encode(gs2_header_ + cb_data_)) {
    return fail(SaslFailure::kNotAuthorized, "channel binding mismatch");
  }
  if (parsed->nonce != nonce_) return fail(SaslFailure::kNotAuthorized, "nonce mismatch");
  const std::string auth_message =
      client_first_bare_ + "," + server_first_ + "," + parsed->without_proof;
  const std::string failed_text = "authentication failed";
  if (!is_known_ || parsed->proof.size() != scram::digest_size(hash_)) {
    return fail(SaslFailure::kNotAuthorized, failed_text);
  }
  const std::string client_signature = scram::hmac(hash_, keys_.stored_key, auth_message);
  std::string client_key = scram::xor_bytes(parsed->proof, client_signature);
  const bool proven =
      scram::constant_time_equal(scram::digest(hash_, client_key), keys_.stored_key);
  OPENSSL_cleanse(client_key.data(), client_key.size());
  if (!proven) return fail(SaslFailure::kNotAuthorized, failed_text);
  state_ = State::kDone;
  const std::string server_signature = scram::hmac(hash_, keys_.server_key, auth_message);
  return SaslStep::success("v=" + encoding::base64_encode(server_signature), username_, authzid_);
}

}  // namespace meerkat::auth::sasl
