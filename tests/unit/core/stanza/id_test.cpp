// SPDX-License-Identifier: Apache-2.0
#include "core/stanza/id.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <unordered_set>

namespace meerkat::stanza {
namespace {

TEST(MakeId, IsSixteenUrlSafeCharacters) {
  for (int i = 0; i < 200; ++i) {
    std::string id = make_id();
    ASSERT_EQ(id.size(), 16u);
    EXPECT_TRUE(std::all_of(id.begin(), id.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
             c == '-' || c == '_';
    })) << id;
  }
}

TEST(MakeId, DoesNotRepeat) {
  std::unordered_set<std::string> seen;
  for (int i = 0; i < 10000; ++i) EXPECT_TRUE(seen.insert(make_id()).second);
}

}  // namespace
}  // namespace meerkat::stanza
