// SPDX-License-Identifier: Apache-2.0
// Lower-case hexadecimal (core layer), as digests are written in XEP-0114 handshakes, AWS
// signatures, upload tokens and generated resources.
#pragma once

#include <string>
#include <string_view>

namespace meerkat::encoding {

std::string hex_encode(std::string_view bytes);

}  // namespace meerkat::encoding
