// SPDX-License-Identifier: Apache-2.0
// MongooseIM's token format (mod_auth_token.md "Token serialization format"): NUL-separated
// fields, the last an HMAC-SHA-384 of the others in lower-case hex:
//   access \0 JID \0 EXPIRES_AT \0 MAC
//   refresh \0 JID \0 EXPIRES_AT \0 SEQUENCE \0 MAC
//   provision \0 JID \0 EXPIRES_AT \0 VCARD \0 MAC
// EXPIRES_AT counts seconds from year 0 (Erlang's Gregorian seconds), as MongooseIM writes it.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace meerkat::modules::auth_token {

enum class TokenType { kAccess, kRefresh, kProvision };

struct Token {
  TokenType type = TokenType::kAccess;
  std::string jid;              // bare
  std::int64_t expires_at = 0;  // Gregorian seconds
  std::int64_t sequence = 0;    // refresh tokens
  std::string vcard;            // provision tokens
};

// Seconds from 0000-01-01 to the Unix epoch.
inline constexpr std::int64_t kGregorianUnixOffset = 62167219200;

std::int64_t gregorian_seconds(std::chrono::system_clock::time_point when);

// The token's bytes, signed with `key`.
std::string serialize(const Token& token, std::string_view key);

// The token in `raw` if it is well-formed and its MAC is right for `key`; expiry and
// revocation are for the caller.
std::optional<Token> verify(std::string_view raw, std::string_view key);

}  // namespace meerkat::modules::auth_token
