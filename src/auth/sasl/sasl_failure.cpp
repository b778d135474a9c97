// SPDX-License-Identifier: Apache-2.0
#include "auth/sasl/sasl_failure.hpp"

namespace meerkat::auth::sasl {

std::string_view to_string(SaslFailure failure) {
  switch (failure) {
    case SaslFailure::kAborted: return "aborted";
    case SaslFailure::kAccountDisabled: return "account-disabled";
    case SaslFailure::kCredentialsExpired: return "credentials-expired";
    case SaslFailure::kEncryptionRequired: return "encryption-required";
    case SaslFailure::kIncorrectEncoding: return "incorrect-encoding";
    case SaslFailure::kInvalidAuthzid: return "invalid-authzid";
    case SaslFailure::kInvalidMechanism: return "invalid-mechanism";
    case SaslFailure::kMalformedRequest: return "malformed-request";
    case SaslFailure::kMechanismTooWeak: return "mechanism-too-weak";
    case SaslFailure::kNotAuthorized: return "not-authorized";
    case SaslFailure::kTemporaryAuthFailure: return "temporary-auth-failure";
  }
  return "not-authorized";
}

}  // namespace meerkat::auth::sasl
