// SPDX-License-Identifier: Apache-2.0
// The SQLite dynamic domains: insertion that never overwrites, status changes, removal with
// the domain's administrator, and what a reopened database still holds.
#include <gtest/gtest.h>

#include "../store_test_support.hpp"
#include "storage/domain_store.hpp"

namespace meerkat::storage::test {
namespace {

using Status = DomainRow::Status;

class SqliteDomainStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { open(); }

  void open() {
    stores_ = {};
    auto opened = sqlite::open_sqlite_stores(directory_.path() / "meerkat.db");
    ASSERT_TRUE(opened) << opened.error().text;
    stores_ = std::move(*opened);
    ASSERT_TRUE(stores_.domains);
  }

  DomainStore& domains() { return *stores_.domains; }

  TempDirectory directory_;
  Stores stores_;
};

TEST_F(SqliteDomainStoreTest, InsertKeepsWhatIsThereAndAnswersIt) {
  EXPECT_EQ(done(domains().insert_domain({"b.test", "type1"})), std::nullopt);
  EXPECT_EQ(done(domains().insert_domain({"a.test", "type2"})), std::nullopt);
  auto again = done(domains().insert_domain({"b.test", "type2"}));
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, (DomainRow{"b.test", "type1", Status::kEnabled}));
  EXPECT_EQ(done(domains().domains()),
            (std::vector<DomainRow>{{"a.test", "type2", Status::kEnabled},
                                    {"b.test", "type1", Status::kEnabled}}));
}

TEST_F(SqliteDomainStoreTest, StatusChangesSurviveAReopen) {
  done(domains().insert_domain({"a.test", "type1"}));
  done(domains().insert_domain({"b.test", "type1"}));
  EXPECT_TRUE(done(domains().set_domain_status("a.test", Status::kDisabled)));
  EXPECT_TRUE(done(domains().set_domain_status("b.test", Status::kDeleting)));
  EXPECT_FALSE(done(domains().set_domain_status("nowhere.test", Status::kDisabled)));
  open();
  EXPECT_EQ(done(domains().domains()),
            (std::vector<DomainRow>{{"a.test", "type1", Status::kDisabled},
                                    {"b.test", "type1", Status::kDeleting}}));
}

TEST_F(SqliteDomainStoreTest, RemovalTakesTheAdministratorAlong) {
  done(domains().insert_domain({"a.test", "type1"}));
  done(domains().set_admin_password("a.test", "record"));
  done(domains().set_admin_password("localhost", "other"));
  EXPECT_TRUE(done(domains().remove_domain("a.test")));
  EXPECT_FALSE(done(domains().remove_domain("a.test")));
  EXPECT_TRUE(done(domains().domains()).empty());
  EXPECT_EQ(done(domains().admin_password("a.test")), std::nullopt);
  EXPECT_EQ(done(domains().admin_password("localhost")), "other");
}

}  // namespace
}  // namespace meerkat::storage::test
