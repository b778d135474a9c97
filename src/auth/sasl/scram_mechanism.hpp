// SPDX-License-Identifier: Apache-2.0
// SASL SCRAM-SHA-{1,224,256,384,512}[-PLUS] server (auth layer): RFC 5802 with channel binding
// (RFC 5056, RFC 9266 tls-exporter, RFC 5929 tls-server-end-point), RFC 7677 for SHA-256.
#pragma once

#include "auth/sasl/sasl_mechanism.hpp"
#include "auth/scram/scram.hpp"

namespace meerkat::auth::sasl {

class ScramMechanism final : public SaslMechanism {
 public:
  // server_nonce: the server's part of the nonce. Empty (the default): 24 random bytes, base64.
  // Tests pass a fixed one to reproduce the RFC examples.
  ScramMechanism(scram::ScramHash hash, bool plus, SaslContext context,
                 std::string server_nonce = {});

  SaslStep start(std::string_view initial_response) override;
  SaslStep respond(std::string_view response) override;
  SaslStep credentials(std::optional<password::PasswordRecord> record) override;

 private:
  enum class State { kClientFirst, kCredentials, kClientFinal, kDone };

  SaslStep client_first(std::string_view message);
  SaslStep client_final(std::string_view message);
  // The GS2 flag against the mechanism and the connection (RFC 5802 §6); sets cb_data_.
  std::optional<SaslStep> check_channel_binding(char flag, const std::string& cb_name);
  std::string fake_salt() const;
  SaslStep fail(SaslFailure failure, std::string text);

  scram::ScramHash hash_;
  bool plus_;
  SaslContext context_;
  State state_ = State::kClientFirst;
  std::string nonce_;  // client nonce + server nonce
  std::string gs2_header_;
  std::string cb_data_;
  std::string client_first_bare_;
  std::string server_first_;
  std::string username_;
  std::string authzid_;
  // The user's keys for this hash; is_known_ false: made up, the exchange fails at the end.
  scram::ScramKeys keys_;
  bool is_known_ = false;
};

}  // namespace meerkat::auth::sasl
