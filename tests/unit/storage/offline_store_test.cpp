// SPDX-License-Identifier: Apache-2.0
#include "storage/offline_store.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "store_test_support.hpp"

namespace meerkat::storage::test {
namespace {

using namespace std::chrono_literals;

class OfflineStoreTest : public StoreTest {};

OfflineMessage message(int number) {
  const auto text = std::to_string(number);
  return OfflineMessage{.from = "juliet@example.com/balcony",
                        .to = "romeo@localhost",
                        .stamp = std::chrono::system_clock::time_point(1700000000s + number * 1s),
                        .stanza = "<message><body>" + text + "</body></message>"};
}

TEST_P(OfflineStoreTest, TakeAllReturnsMessagesInArrivalOrderAndDeletesThem) {
  for (int number : {3, 1, 2}) {
    ASSERT_TRUE(done(stores_.offline->store("romeo", "localhost", message(number), 10)));
  }
  EXPECT_EQ(done(stores_.offline->take_all("romeo", "localhost")),
            (std::vector<OfflineMessage>{message(3), message(1), message(2)}));
  EXPECT_EQ(done(stores_.offline->count("romeo", "localhost")), 0u);
  EXPECT_TRUE(done(stores_.offline->take_all("romeo", "localhost")).empty());
}

TEST_P(OfflineStoreTest, StoreRefusesAMessageBeyondTheLimit) {
  EXPECT_TRUE(done(stores_.offline->store("romeo", "localhost", message(1), 2)));
  EXPECT_TRUE(done(stores_.offline->store("romeo", "localhost", message(2), 2)));
  EXPECT_FALSE(done(stores_.offline->store("romeo", "localhost", message(3), 2)));
  EXPECT_EQ(done(stores_.offline->count("romeo", "localhost")), 2u);
  EXPECT_EQ(done(stores_.offline->take_all("romeo", "localhost")),
            (std::vector<OfflineMessage>{message(1), message(2)}));
}

TEST_P(OfflineStoreTest, ZeroLimitStoresNothing) {
  EXPECT_FALSE(done(stores_.offline->store("romeo", "localhost", message(1), 0)));
  EXPECT_EQ(done(stores_.offline->count("romeo", "localhost")), 0u);
}

TEST_P(OfflineStoreTest, StampKeepsMicroseconds) {
  auto precise = message(1);
  precise.stamp += 123456us;
  ASSERT_TRUE(done(stores_.offline->store("romeo", "localhost", precise, 10)));
  const auto taken = done(stores_.offline->take_all("romeo", "localhost"));
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].stamp, precise.stamp);
}

TEST_P(OfflineStoreTest, MessagesAndLimitsArePerUser) {
  ASSERT_TRUE(done(stores_.offline->store("romeo", "localhost", message(1), 1)));
  EXPECT_TRUE(done(stores_.offline->store("juliet", "localhost", message(2), 1)));
  EXPECT_TRUE(done(stores_.offline->store("romeo", "example.com", message(3), 1)));
  EXPECT_EQ(done(stores_.offline->take_all("juliet", "localhost")),
            std::vector<OfflineMessage>{message(2)});
  EXPECT_EQ(done(stores_.offline->count("romeo", "localhost")), 1u);
  EXPECT_EQ(done(stores_.offline->count("romeo", "example.com")), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, OfflineStoreTest, kBackends, backend_name);

}  // namespace
}  // namespace meerkat::storage::test
