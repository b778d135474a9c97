// SPDX-License-Identifier: Apache-2.0
#include "auth/sasl/hashed_token.hpp"

namespace meerkat::auth::sasl {

std::optional<HashedTokenMechanism> parse_hashed_token_mechanism(std::string_view name) {
  constexpr std::string_view kPrefix = "HT-";
  if (!name.starts_with(kPrefix)) return std::nullopt;
  name.remove_prefix(kPrefix.size());
  HashedTokenMechanism mechanism;
  if (name.starts_with("SHA-256-")) {
    mechanism.hash = scram::ScramHash::kSha256;
  } else if (name.starts_with("SHA-512-")) {
    mechanism.hash = scram::ScramHash::kSha512;
  } else {
    return std::nullopt;
  }
  auto binding = name.substr(std::string_view("SHA-256-").size());
  if (binding == "NONE") return mechanism;
  if (binding == "UNIQ") {
    mechanism.channel_binding = "tls-unique";
  } else if (binding == "ENDP") {
    mechanism.channel_binding = "tls-server-end-point";
  } else if (binding == "EXPR") {
    mechanism.channel_binding = "tls-exporter";
  } else {
    return std::nullopt;
  }
  return mechanism;
}

std::optional<HashedTokenResponse> parse_hashed_token_response(
    const HashedTokenMechanism& mechanism, std::string_view data) {
  auto separator = data.find('\0');
  if (separator == std::string_view::npos || separator == 0) return std::nullopt;
  auto proof = data.substr(separator + 1);
  if (proof.size() != scram::digest_size(mechanism.hash)) return std::nullopt;
  return HashedTokenResponse{std::string(data.substr(0, separator)), std::string(proof)};
}

std::string initiator_proof(const HashedTokenMechanism& mechanism, std::string_view token,
                            std::string_view channel_binding_data) {
  return scram::hmac(mechanism.hash, token, std::string("Initiator").append(channel_binding_data));
}

std::string responder_proof(const HashedTokenMechanism& mechanism, std::string_view token,
                            std::string_view channel_binding_data) {
  return scram::hmac(mechanism.hash, token, std::string("Responder").append(channel_binding_data));
}

}  // namespace meerkat::auth::sasl
