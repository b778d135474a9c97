// SPDX-License-Identifier: Apache-2.0
#include "storage/blocking_store.hpp"

#include <gtest/gtest.h>

#include "store_test_support.hpp"

namespace meerkat::storage::test {
namespace {

class BlockingStoreTest : public StoreTest {};

using Jids = std::vector<std::string>;

TEST_P(BlockingStoreTest, NewUserBlocksNobody) {
  EXPECT_TRUE(done(stores_.blocking->list("romeo", "localhost")).empty());
}

TEST_P(BlockingStoreTest, AddKeepsASortedSetOfJids) {
  done(stores_.blocking->add("romeo", "localhost", {"tybalt@example.com", "paris@example.com"}));
  done(stores_.blocking->add("romeo", "localhost", {"paris@example.com", "example.net"}));
  EXPECT_EQ(done(stores_.blocking->list("romeo", "localhost")),
            (Jids{"example.net", "paris@example.com", "tybalt@example.com"}));
  EXPECT_TRUE(done(stores_.blocking->list("juliet", "localhost")).empty());
}

TEST_P(BlockingStoreTest, RemoveDropsOnlyTheNamedJids) {
  done(stores_.blocking->add("romeo", "localhost", {"a@x", "b@x", "c@x"}));
  done(stores_.blocking->remove("romeo", "localhost", {"a@x", "c@x", "never@x"}));
  EXPECT_EQ(done(stores_.blocking->list("romeo", "localhost")), Jids{"b@x"});
}

TEST_P(BlockingStoreTest, ClearUnblocksEveryone) {
  done(stores_.blocking->add("romeo", "localhost", {"a@x", "b@x"}));
  done(stores_.blocking->add("juliet", "localhost", {"a@x"}));
  done(stores_.blocking->clear("romeo", "localhost"));
  EXPECT_TRUE(done(stores_.blocking->list("romeo", "localhost")).empty());
  EXPECT_EQ(done(stores_.blocking->list("juliet", "localhost")), Jids{"a@x"});
}

INSTANTIATE_TEST_SUITE_P(Backends, BlockingStoreTest, kBackends, backend_name);

}  // namespace
}  // namespace meerkat::storage::test
