// SPDX-License-Identifier: Apache-2.0
// SASL failure conditions (auth layer): the children of <failure/> defined in RFC 6120 §6.5.
#pragma once

#include <string_view>

namespace meerkat::auth::sasl {

enum class SaslFailure {
  kAborted,
  kAccountDisabled,
  kCredentialsExpired,
  kEncryptionRequired,
  kIncorrectEncoding,
  kInvalidAuthzid,
  kInvalidMechanism,
  kMalformedRequest,
  kMechanismTooWeak,
  kNotAuthorized,
  kTemporaryAuthFailure,
};

// The element name: "aborted", "not-authorized", … (RFC 6120 §6.5.1–§6.5.11).
std::string_view to_string(SaslFailure failure);

}  // namespace meerkat::auth::sasl
