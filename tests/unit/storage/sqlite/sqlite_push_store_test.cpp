// SPDX-License-Identifier: Apache-2.0
// The SQLite push registrations: enable replaces per (JID, node), disable by JID or node, and
// removal with the account.
#include <gtest/gtest.h>

#include "../store_test_support.hpp"
#include "storage/push_store.hpp"

namespace meerkat::storage::test {
namespace {

class SqlitePushStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = sqlite::open_sqlite_stores(directory_.path() / "meerkat.db");
    ASSERT_TRUE(opened) << opened.error().text;
    stores_ = std::move(*opened);
    ASSERT_TRUE(stores_.push);
  }

  std::vector<PushRegistration> registrations() {
    return done(stores_.push->registrations("romeo", "localhost"));
  }

  TempDirectory directory_;
  Stores stores_;
};

TEST_F(SqlitePushStoreTest, EnableReplacesTheSameNodeAndDisableRemoves) {
  done(stores_.push->enable("romeo", "localhost", {"push.example", "a", "<x/>"}));
  done(stores_.push->enable("romeo", "localhost", {"push.example", "a", "<x secret='2'/>"}));
  done(stores_.push->enable("romeo", "localhost", {"push.example", "b", ""}));
  done(stores_.push->enable("romeo", "localhost", {"other.example", "c", ""}));
  EXPECT_EQ(registrations(),
            (std::vector<PushRegistration>{{"other.example", "c", ""},
                                           {"push.example", "a", "<x secret='2'/>"},
                                           {"push.example", "b", ""}}));
  EXPECT_EQ(done(stores_.push->disable("romeo", "localhost", "push.example", "b")), 1u);
  EXPECT_EQ(done(stores_.push->disable("romeo", "localhost", "push.example", std::nullopt)), 1u);
  EXPECT_EQ(done(stores_.push->disable("romeo", "localhost", "push.example", std::nullopt)), 0u);
  EXPECT_EQ(registrations().size(), 1u);
  EXPECT_TRUE(done(stores_.push->registrations("juliet", "localhost")).empty());
  done(stores_.push->remove_user("romeo", "localhost"));
  EXPECT_TRUE(registrations().empty());
}

}  // namespace
}  // namespace meerkat::storage::test
