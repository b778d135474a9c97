// SPDX-License-Identifier: Apache-2.0
// The start-up check of the open-file limit against the listeners' max_connections.
#include "app/fd_limit.hpp"

#include <gtest/gtest.h>
#include <sys/resource.h>

namespace meerkat::app {
namespace {

config::ListenOptions listeners(std::optional<std::uint64_t> c2s, std::uint64_t http) {
  config::ListenOptions listen;
  listen.c2s.emplace_back().common.max_connections = c2s;
  listen.http.emplace_back().common.max_connections = http;
  return listen;
}

TEST(FdLimit, AddsEveryListenersLimitItsSocketAndTheReserve) {
  EXPECT_EQ(descriptors_needed(listeners(10000, 1024)), 10000 + 1024 + 2 + kReservedDescriptors);
  EXPECT_EQ(descriptors_needed(config::ListenOptions{}), kReservedDescriptors);
  EXPECT_FALSE(descriptors_needed(listeners(std::nullopt, 1024)));  // "infinity"
}

TEST(FdLimit, WarnsWithTheNumbersOnlyWhenTheLimitFallsShort) {
  auto needed = descriptors_needed(listeners(100000, 1024));
  auto warning = fd_limit_warning({20000, 20000}, needed);
  ASSERT_TRUE(warning);
  EXPECT_NE(warning->find("limit=20000 hard_limit=20000 needed=101090"), std::string::npos)
      << *warning;
  EXPECT_NE(warning->find("allow 101026 connections"), std::string::npos) << *warning;
  EXPECT_FALSE(fd_limit_warning({200000, 200000}, needed));
  EXPECT_FALSE(fd_limit_warning({1024, 4096}, std::nullopt));
}

TEST(FdLimit, RaisesTheSoftLimitTowardsTheHardOne) {
  rlimit before{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &before), 0);
  auto limits = raise_fd_limit();
  EXPECT_GE(limits.soft, static_cast<std::uint64_t>(before.rlim_cur));
  EXPECT_LE(limits.soft, limits.hard);
}

}  // namespace
}  // namespace meerkat::app
