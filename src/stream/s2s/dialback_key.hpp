// SPDX-License-Identifier: Apache-2.0
// Server Dialback keys (XEP-0220 with XEP-0185's recommended key generation): a server proves
// that a stream really comes from it without keeping any state, because the key can be
// computed again from the secret and what the verifying server sends back.
#pragma once

#include <string>
#include <string_view>

namespace meerkat::stream::s2s {

// hex(HMAC-SHA256(hex(SHA256(secret)), receiving + ' ' + originating + ' ' + stream_id)).
std::string dialback_key(std::string_view secret, std::string_view receiving,
                         std::string_view originating, std::string_view stream_id);

// Compares two keys in constant time.
bool same_key(std::string_view a, std::string_view b);

}  // namespace meerkat::stream::s2s
