// SPDX-License-Identifier: Apache-2.0
#include "core/encoding/hex.hpp"

namespace meerkat::encoding {

std::string hex_encode(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 0xF];
  }
  return out;
}

}  // namespace meerkat::encoding
