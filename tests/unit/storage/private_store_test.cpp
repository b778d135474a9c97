// SPDX-License-Identifier: Apache-2.0
#include "storage/private_store.hpp"

#include <gtest/gtest.h>

#include "store_test_support.hpp"

namespace meerkat::storage::test {
namespace {

class PrivateStoreTest : public StoreTest {};

TEST_P(PrivateStoreTest, NamespaceNeverSetHasNothing) {
  EXPECT_EQ(done(stores_.private_storage->get("romeo", "localhost", "storage:bookmarks")),
            std::nullopt);
}

TEST_P(PrivateStoreTest, SetStoresEachElementUnderItsNamespace) {
  done(stores_.private_storage->set(
      "romeo", "localhost",
      {{"ns:a", "<a xmlns='ns:a'>1</a>"}, {"ns:b", "<b xmlns='ns:b'>1</b>"}}));
  EXPECT_EQ(done(stores_.private_storage->get("romeo", "localhost", "ns:a")),
            "<a xmlns='ns:a'>1</a>");
  EXPECT_EQ(done(stores_.private_storage->get("romeo", "localhost", "ns:b")),
            "<b xmlns='ns:b'>1</b>");
}

TEST_P(PrivateStoreTest, SetReplacesOnlyTheNamespacesItNames) {
  done(stores_.private_storage->set(
      "romeo", "localhost",
      {{"ns:a", "<a xmlns='ns:a'>1</a>"}, {"ns:b", "<b xmlns='ns:b'>1</b>"}}));
  done(stores_.private_storage->set("romeo", "localhost", {{"ns:a", "<a xmlns='ns:a'>2</a>"}}));
  EXPECT_EQ(done(stores_.private_storage->get("romeo", "localhost", "ns:a")),
            "<a xmlns='ns:a'>2</a>");
  EXPECT_EQ(done(stores_.private_storage->get("romeo", "localhost", "ns:b")),
            "<b xmlns='ns:b'>1</b>");
  EXPECT_EQ(done(stores_.private_storage->get("juliet", "localhost", "ns:a")), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(Backends, PrivateStoreTest, kBackends, backend_name);

}  // namespace
}  // namespace meerkat::storage::test
