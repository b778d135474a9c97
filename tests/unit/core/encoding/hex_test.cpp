// SPDX-License-Identifier: Apache-2.0
#include "core/encoding/hex.hpp"

#include <gtest/gtest.h>

namespace meerkat::encoding {
namespace {

TEST(Hex, EncodesEveryByteAsTwoLowerCaseDigits) {
  EXPECT_EQ(hex_encode(""), "");
  EXPECT_EQ(hex_encode(std::string_view("\x00\x0f\xf0\xff\x7f", 5)), "000ff0ff7f");
  EXPECT_EQ(hex_encode("Meerkat"), "4d6565726b6174");
}

}  // namespace
}  // namespace meerkat::encoding
