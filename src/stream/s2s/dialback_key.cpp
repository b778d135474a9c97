// SPDX-License-Identifier: Apache-2.0
#include "stream/s2s/dialback_key.hpp"

#include "auth/scram/scram.hpp"
#include "core/encoding/hex.hpp"

namespace meerkat::stream::s2s {

using auth::scram::ScramHash;

std::string dialback_key(std::string_view secret, std::string_view receiving,
                         std::string_view originating, std::string_view stream_id) {
  auto key = encoding::hex_encode(auth::scram::digest(ScramHash::kSha256, secret));
  std::string text;
  text.reserve(receiving.size() + originating.size() + stream_id.size() + 2);
  text.append(receiving).append(" ").append(originating).append(" ").append(stream_id);
  return encoding::hex_encode(auth::scram::hmac(ScramHash::kSha256, key, text));
}

bool same_key(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

}  // namespace meerkat::stream::s2s
