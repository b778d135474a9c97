// SPDX-License-Identifier: Apache-2.0
// SASL EXTERNAL server (auth layer): RFC 4422 Appendix A with XEP-0178 for client certificates.
// The identities come from SaslContext::external_identities; the stream checks that the
// account exists. No credentials step.
#pragma once

#include "auth/sasl/sasl_mechanism.hpp"

namespace meerkat::auth::sasl {

class ExternalMechanism final : public SaslMechanism {
 public:
  explicit ExternalMechanism(SaslContext context) : context_(std::move(context)) {}

  // initial_response is the authzid: empty or "=" (XEP-0178 §6) means "the one identity in
  // the certificate"; otherwise it must be one of the identities. An identity is a bare JID
  // user@host, or a bare localpart (a certificate common name), which stands for user@host of
  // SaslContext::host. Only identities on SaslContext::host can authenticate.
  SaslStep start(std::string_view initial_response) override;
  SaslStep respond(std::string_view response) override;
  SaslStep credentials(std::optional<password::PasswordRecord> record) override;

 private:
  SaslContext context_;
  bool is_done_ = false;
};

}  // namespace meerkat::auth::sasl
