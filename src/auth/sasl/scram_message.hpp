// SPDX-License-Identifier: Apache-2.0
// SCRAM message syntax (auth layer): the client messages of RFC 5802 §7 with the GS2 header
// (RFC 5801 §4) and saslname escaping, parsed strictly; semantics are in scram_mechanism.cpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/error/error.hpp"

namespace meerkat::auth::sasl {

struct ScramClientFirst {
  char cbind_flag = 'n';   // 'n', 'y' or 'p'
  std::string cb_name;     // for 'p'
  std::string authzid;     // decoded a= value, or empty
  std::string gs2_header;  // "n,,", "p=tls-exporter,a=…," as sent: part of c= and AuthMessage
  std::string bare;        // client-first-message-bare, for AuthMessage
  std::string username;    // decoded n= value, not yet prepared
  std::string nonce;       // c-nonce
};

struct ScramClientFinal {
  std::string channel_binding;  // the c= value, still base64
  std::string nonce;            // the r= value
  std::string proof;            // the p= value, decoded
  std::string without_proof;    // client-final-message-without-proof, for AuthMessage
};

// Errors are bad_request with a fixed description; they never quote the message.
Result<ScramClientFirst> parse_scram_client_first(std::string_view message);
Result<ScramClientFinal> parse_scram_client_final(std::string_view message);

// saslname (RFC 5802 §7): ',' and '=' travel as "=2C" and "=3D"; any other '=' is an error.
std::optional<std::string> decode_saslname(std::string_view text);
std::string encode_saslname(std::string_view name);

// printable except ',' (RFC 5802 §7 "printable"), as nonces must be.
bool is_scram_printable(std::string_view text);

}  // namespace meerkat::auth::sasl
