// SPDX-License-Identifier: Apache-2.0
// SASL PLAIN server (auth layer): RFC 4616 message [authzid] NUL authcid NUL passwd, with
// the XMPP rules of RFC 6120 §6.3.8 (authcid is a localpart, authzid our own bare JID).
#pragma once

#include "auth/sasl/sasl_mechanism.hpp"

namespace meerkat::auth::sasl {

class PlainMechanism final : public SaslMechanism {
 public:
  explicit PlainMechanism(SaslContext context) : context_(std::move(context)) {}
  ~PlainMechanism() override;

  SaslStep start(std::string_view initial_response) override;
  SaslStep respond(std::string_view response) override;
  SaslStep credentials(std::optional<password::PasswordRecord> record) override;

 private:
  enum class State { kMessage, kCredentials, kDone };

  SaslStep fail(SaslFailure failure, std::string text);

  SaslContext context_;
  State state_ = State::kMessage;
  std::string username_;
  std::string authzid_;
  std::string password_;  // kept only until credentials() and wiped then
};

}  // namespace meerkat::auth::sasl
