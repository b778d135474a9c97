// SPDX-License-Identifier: Apache-2.0
#include "net/shaper.hpp"

#include <gtest/gtest.h>

namespace meerkat::net {
namespace {

using namespace std::chrono_literals;

TEST(Shaper, AllowsABurstOfOneSecond) {
  auto start = Shaper::Clock::time_point{};
  Shaper shaper(1000, start);
  shaper.consume(1000, start);
  EXPECT_EQ(shaper.pause(start), 0ms);
}

TEST(Shaper, PausesForTheDebt) {
  auto start = Shaper::Clock::time_point{};
  Shaper shaper(1000, start);
  shaper.consume(1500, start);  // 500 bytes over: half a second
  auto pause = shaper.pause(start);
  EXPECT_GE(pause, 500ms);
  EXPECT_LE(pause, 502ms);
  EXPECT_EQ(shaper.pause(start + 501ms), 0ms);
}

TEST(Shaper, RefillsNoMoreThanTheBurst) {
  auto start = Shaper::Clock::time_point{};
  Shaper shaper(100, start);
  shaper.consume(150, start + 10s);  // ten idle seconds still allow only 100 bytes of credit
  EXPECT_GT(shaper.pause(start + 10s), 0ms);
}

}  // namespace
}  // namespace meerkat::net
