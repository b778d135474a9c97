// SPDX-License-Identifier: Apache-2.0
#include "modules/auth_token/token_codec.hpp"

#include <charconv>
#include <vector>

#include "auth/scram/scram.hpp"
#include "core/encoding/hex.hpp"

namespace meerkat::modules::auth_token {

namespace {

using auth::scram::ScramHash;

const char* type_name(TokenType type) {
  switch (type) {
    case TokenType::kAccess: return "access";
    case TokenType::kRefresh: return "refresh";
    case TokenType::kProvision: return "provision";
  }
  return "access";
}

std::optional<TokenType> type_of(std::string_view name) {
  if (name == "access") return TokenType::kAccess;
  if (name == "refresh") return TokenType::kRefresh;
  if (name == "provision") return TokenType::kProvision;
  return std::nullopt;
}

std::optional<std::int64_t> number(std::string_view text) {
  std::int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty() || value < 0) {
    return std::nullopt;
  }
  return value;
}

std::string mac(std::string_view body, std::string_view key) {
  return encoding::hex_encode(auth::scram::hmac(ScramHash::kSha384, key, body));
}

// The fields before the MAC, in order.
std::string body(const Token& token) {
  std::string out = type_name(token.type);
  out += '\0';
  out += token.jid;
  out += '\0';
  out += std::to_string(token.expires_at);
  if (token.type == TokenType::kRefresh) {
    out += '\0';
    out += std::to_string(token.sequence);
  } else if (token.type == TokenType::kProvision) {
    out += '\0';
    out += token.vcard;
  }
  return out;
}

std::vector<std::string_view> split(std::string_view raw) {
  std::vector<std::string_view> fields;
  for (;;) {
    auto nul = raw.find('\0');
    fields.push_back(raw.substr(0, nul));
    if (nul == std::string_view::npos) return fields;
    raw.remove_prefix(nul + 1);
  }
}

}  // namespace

std::int64_t gregorian_seconds(std::chrono::system_clock::time_point when) {
  return std::chrono::duration_cast<std::chrono::seconds>(when.time_since_epoch()).count() +
         kGregorianUnixOffset;
}

std::string serialize(const Token& token, std::string_view key) {
  auto signed_part = body(token);
  return signed_part + '\0' + mac(signed_part, key);
}

std::optional<Token> verify(std::string_view raw, std::string_view key) {
  auto fields = split(raw);
  if (fields.size() < 4) return std::nullopt;
  auto type = type_of(fields[0]);
  if (!type) return std::nullopt;
  std::size_t expected = *type == TokenType::kAccess ? 4 : 5;
  if (fields.size() != expected) return std::nullopt;
  Token token;
  token.type = *type;
  token.jid = std::string(fields[1]);
  auto expires = number(fields[2]);
  if (!expires || token.jid.empty()) return std::nullopt;
  token.expires_at = *expires;
  if (*type == TokenType::kRefresh) {
    auto sequence = number(fields[3]);
    if (!sequence) return std::nullopt;
    token.sequence = *sequence;
  } else if (*type == TokenType::kProvision) {
    token.vcard = std::string(fields[3]);
  }
  auto signed_part = raw.substr(0, raw.size() - fields.back().size() - 1);
  if (!auth::scram::constant_time_equal(mac(signed_part, key), fields.back())) return std::nullopt;
  return token;
}

}  // namespace meerkat::modules::auth_token
