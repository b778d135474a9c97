// SPDX-License-Identifier: Apache-2.0
// Base64 (core layer): the strict RFC 4648 §4 alphabet with padding, as SASL (RFC 6120 §6.4.2)
// and SCRAM (RFC 5802 §7) use it.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace meerkat::encoding {

std::string base64_encode(std::string_view bytes);

// Strict: the length must be a multiple of 4, padding only at the end, no whitespace or other
// characters, and the unused bits of the last group must be zero (RFC 4648 §3.5), so every
// accepted text is the one base64_encode would produce. Empty input decodes to an empty string.
// XMPP writes an empty SASL payload as "=" (RFC 6120 §6.4.2); the caller maps that to an empty
// string before decoding, since "=" alone is not base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace meerkat::encoding
