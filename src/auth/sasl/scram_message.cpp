// SPDX-License-Identifier: Apache-2.0
#include "auth/sasl/scram_message.hpp"

#include <vector>

#include "core/encoding/base64.hpp"

namespace meerkat::auth::sasl {
namespace {

Error malformed(std::string_view why) { return Error::bad_request(std::string(why)); }

std::vector<std::string_view> split_commas(std::string_view text) {
  std::vector<std::string_view> parts;
  for (std::size_t start = 0;;) {
    const std::size_t end = text.find(',', start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// attr-val = ALPHA "=" value, where value is any UTF-8 except ',' and NUL.
bool is_attr_val(std::string_view part, char attr) {
  return part.size() >= 2 && part[0] == attr && part[1] == '=' &&
         part.find('\0') == std::string_view::npos;
}

bool is_extension(std::string_view part) {
  return part.size() >= 2 && is_alpha(part[0]) && part[1] == '=' && part[0] != 'm';
}

// cb-name = 1*(ALPHA / DIGIT / "." / "-")
bool is_cb_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!is_alpha(c) && !(c >= '0' && c <= '9') && c != '.' && c != '-') return false;
  }
  return true;
}

// gs2-cbind-flag "," [authzid] "," — fills the GS2 fields of `out`.
Result<void> parse_gs2_header(std::string_view flag, std::string_view authzid,
                              ScramClientFirst& out) {
  if (flag == "n" || flag == "y") {
    out.cbind_flag = flag[0];
  } else if (flag.starts_with("p=") && is_cb_name(flag.substr(2))) {
    out.cbind_flag = 'p';
    out.cb_name = std::string(flag.substr(2));
  } else {
    return malformed("bad GS2 channel binding flag");
  }
  if (!authzid.empty()) {
    if (!is_attr_val(authzid, 'a')) return malformed("bad GS2 authzid");
    auto decoded = decode_saslname(authzid.substr(2));
    if (!decoded || decoded->empty()) return malformed("bad saslname in authzid");
    out.authzid = std::move(*decoded);
  }
  return {};
}

}  // namespace

std::optional<std::string> decode_saslname(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == ',' || c == '\0') return std::nullopt;
    if (c != '=') {
      out += c;
      continue;
    }
    const std::string_view escape = text.substr(i + 1, 2);
    if (escape == "2C") {
      out += ',';
    } else if (escape == "3D") {
      out += '=';
    } else {
      return std::nullopt;
    }
    i += 2;
  }
  return out;
}

std::string encode_saslname(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == ',') {
      out += "=2C";
    } else if (c == '=') {
      out += "=3D";
    } else {
      out += c;
    }
  }
  return out;
}

bool is_scram_printable(std::string_view text) {
  for (char c : text) {
    if (c < 0x21 || c > 0x7E || c == ',') return false;
  }
  return true;
}

Result<ScramClientFirst> parse_scram_client_first(std::string_view message) {
  const auto parts = split_commas(message);
  // flag, authzid, then the bare message: [m=…,] n=…, r=…[, extensions]
  if (parts.size() < 4) return malformed("incomplete client-first-message");
  ScramClientFirst out;
  if (auto gs2 = parse_gs2_header(parts[0], parts[1], out); !gs2) return gs2.error();
  // RFC 5802 §5.1: m= is reserved for a future mandatory extension, so it must fail.
  if (parts[2].starts_with("m=")) return malformed("unsupported mandatory extension");
  if (!is_attr_val(parts[2], 'n')) return malformed("client-first-message without username");
  if (!is_attr_val(parts[3], 'r')) return malformed("client-first-message without nonce");
  for (std::size_t i = 4; i < parts.size(); ++i) {
    if (!is_extension(parts[i])) return malformed("bad attribute in client-first-message");
  }
  auto username = decode_saslname(parts[2].substr(2));
  if (!username || username->empty()) return malformed("bad saslname in username");
  out.username = std::move(*username);
  out.nonce = std::string(parts[3].substr(2));
  if (out.nonce.empty() || !is_scram_printable(out.nonce)) return malformed("bad client nonce");
  const std::size_t header_size = parts[0].size() + parts[1].size() + 2;
  out.gs2_header = std::string(message.substr(0, header_size));
  out.bare = std::string(message.substr(header_size));
  return out;
}

Result<ScramClientFinal> parse_scram_client_final(std::string_view message) {
  const auto parts = split_commas(message);
  // c=…, r=…[, extensions], p=…
  if (parts.size() < 3) return malformed("incomplete client-final-message");
  if (!is_attr_val(parts[0], 'c')) return malformed("client-final-message without c=");
  if (!is_attr_val(parts[1], 'r')) return malformed("client-final-message without r=");
  if (!is_attr_val(parts.back(), 'p')) return malformed("client-final-message without proof");
  for (std::size_t i = 2; i + 1 < parts.size(); ++i) {
    if (!is_extension(parts[i])) return malformed("bad attribute in client-final-message");
  }
  auto proof = encoding::base64_decode(parts.back().substr(2));
  if (!proof) return malformed("proof is not base64");
  ScramClientFinal out;
  out.channel_binding = std::string(parts[0].substr(2));
  out.nonce = std::string(parts[1].substr(2));
  out.proof = std::move(*proof);
  out.without_proof = std::string(message.substr(0, message.size() - parts.back().size() - 1));
  return out;
}

}  // namespace meerkat::auth::sasl
