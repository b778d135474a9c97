// SPDX-License-Identifier: Apache-2.0
#include "storage/last_store.hpp"

#include <gtest/gtest.h>

#include "store_test_support.hpp"

namespace meerkat::storage::test {
namespace {

class LastStoreTest : public StoreTest {};

TEST_P(LastStoreTest, UserWhoNeverLoggedOutHasNoLastActivity) {
  EXPECT_EQ(done(stores_.last->get("romeo", "localhost")), std::nullopt);
}

TEST_P(LastStoreTest, SetReplacesTheLastActivity) {
  done(stores_.last->set("romeo", "localhost", LastActivity{1700000000, "Heading home"}));
  EXPECT_EQ(done(stores_.last->get("romeo", "localhost")),
            (LastActivity{1700000000, "Heading home"}));
  done(stores_.last->set("romeo", "localhost", LastActivity{1700000100, ""}));
  EXPECT_EQ(done(stores_.last->get("romeo", "localhost")), (LastActivity{1700000100, ""}));
}

INSTANTIATE_TEST_SUITE_P(Backends, LastStoreTest, kBackends, backend_name);

}  // namespace
}  // namespace meerkat::storage::test
