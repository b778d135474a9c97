// SPDX-License-Identifier: Apache-2.0
// Identifiers for stanzas and streams (core layer). RFC 6120 §4.7.3: stream ids must be
// unpredictable, so these come from OpenSSL's CSPRNG, buffered per thread to stay cheap.
#pragma once

#include <string>

namespace meerkat::stanza {

// 16 URL-safe characters (A-Z a-z 0-9 - _) carrying 96 random bits.
std::string make_id();

}  // namespace meerkat::stanza
