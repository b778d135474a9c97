// SPDX-License-Identifier: Apache-2.0
// The HT SASL mechanisms (draft-schmaus-kitten-sasl-ht) that XEP-0484 FAST tokens log in with
// (auth layer, no I/O): HT-<hash>-<channel binding>. The client sends its username and
// HMAC(token, "Initiator" || cb-data); the server proves it holds the token too with
// HMAC(token, "Responder" || cb-data). Tokens are single-purpose secrets held by the server,
// so the exchange is one round trip and costs two HMACs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "auth/scram/scram.hpp"

namespace meerkat::auth::sasl {

struct HashedTokenMechanism {
  scram::ScramHash hash = scram::ScramHash::kSha256;
  // The channel-binding type (RFC 5929, RFC 9266) whose data both proofs cover; empty for
  // -NONE.
  std::string_view channel_binding;
};

// "HT-SHA-256-ENDP" → SHA-256 over tls-server-end-point; nullopt for other names. Hashes:
// SHA-256 and SHA-512; bindings: NONE, UNIQ (tls-unique), ENDP, EXPR (tls-exporter).
std::optional<HashedTokenMechanism> parse_hashed_token_mechanism(std::string_view name);

// The mechanisms the server offers, strongest binding first; a connection offers those whose
// channel-binding data it has (and -NONE).
inline constexpr std::string_view kHashedTokenMechanisms[] = {"HT-SHA-256-EXPR", "HT-SHA-256-ENDP",
                                                              "HT-SHA-256-NONE"};

struct HashedTokenResponse {
  std::string username;
  std::string proof;  // the initiator's HMAC, raw bytes
};

// The initial response: username NUL initiator-hashed-token. nullopt when malformed (no NUL,
// empty username, a proof of the wrong size for `mechanism`).
std::optional<HashedTokenResponse> parse_hashed_token_response(
    const HashedTokenMechanism& mechanism, std::string_view data);

// HMAC(token, "Initiator" || cb-data) and HMAC(token, "Responder" || cb-data).
std::string initiator_proof(const HashedTokenMechanism& mechanism, std::string_view token,
                            std::string_view channel_binding_data);
std::string responder_proof(const HashedTokenMechanism& mechanism, std::string_view token,
                            std::string_view channel_binding_data);

}  // namespace meerkat::auth::sasl
