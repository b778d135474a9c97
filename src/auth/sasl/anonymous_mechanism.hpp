// SPDX-License-Identifier: Apache-2.0
// SASL ANONYMOUS server (auth layer): RFC 4505; the trace is accepted and not kept, and the
// session gets a fresh random localpart. No credentials step.
#pragma once

#include "auth/sasl/sasl_mechanism.hpp"

namespace meerkat::auth::sasl {

class AnonymousMechanism final : public SaslMechanism {
 public:
  static constexpr std::size_t kUsernameSize = 16;

  SaslStep start(std::string_view initial_response) override;
  SaslStep respond(std::string_view response) override;
  SaslStep credentials(std::optional<password::PasswordRecord> record) override;

 private:
  bool is_done_ = false;
};

// 16 random characters from [a-z2-7] (80 bits), unchanged by nodeprep.
std::string make_anonymous_username();

}  // namespace meerkat::auth::sasl
