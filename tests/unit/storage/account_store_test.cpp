// SPDX-License-Identifier: Apache-2.0
#include "storage/account_store.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "store_test_support.hpp"

namespace meerkat::storage::test {
namespace {

class AccountStoreTest : public StoreTest {};

TEST_P(AccountStoreTest, CreateStoresThePasswordRecord) {
  EXPECT_TRUE(done(stores_.accounts->create("alice", "localhost", "record-1")));
  EXPECT_EQ(done(stores_.accounts->password_record("alice", "localhost")), "record-1");
}

TEST_P(AccountStoreTest, CreateRefusesAnExistingAccountAndKeepsItsRecord) {
  ASSERT_TRUE(done(stores_.accounts->create("alice", "localhost", "record-1")));
  EXPECT_FALSE(done(stores_.accounts->create("alice", "localhost", "record-2")));
  EXPECT_EQ(done(stores_.accounts->password_record("alice", "localhost")), "record-1");
}

TEST_P(AccountStoreTest, SameUserOnAnotherHostIsAnotherAccount) {
  ASSERT_TRUE(done(stores_.accounts->create("alice", "localhost", "record-1")));
  EXPECT_TRUE(done(stores_.accounts->create("alice", "example.com", "record-2")));
  EXPECT_EQ(done(stores_.accounts->password_record("alice", "example.com")), "record-2");
}

TEST_P(AccountStoreTest, PasswordRecordOfAnUnknownUserIsEmpty) {
  EXPECT_EQ(done(stores_.accounts->password_record("nobody", "localhost")), std::nullopt);
}

TEST_P(AccountStoreTest, SetPasswordRecordReplacesTheRecordOfAnExistingAccountOnly) {
  ASSERT_TRUE(done(stores_.accounts->create("alice", "localhost", "record-1")));
  EXPECT_TRUE(done(stores_.accounts->set_password_record("alice", "localhost", "record-2")));
  EXPECT_EQ(done(stores_.accounts->password_record("alice", "localhost")), "record-2");
  EXPECT_FALSE(done(stores_.accounts->set_password_record("nobody", "localhost", "record-3")));
  EXPECT_EQ(done(stores_.accounts->password_record("nobody", "localhost")), std::nullopt);
}

TEST_P(AccountStoreTest, ListIsSortedAndCountIsPerHost) {
  for (const char* user : {"carol", "alice", "bob"}) {
    ASSERT_TRUE(done(stores_.accounts->create(user, "localhost", "record")));
  }
  ASSERT_TRUE(done(stores_.accounts->create("dave", "example.com", "record")));
  EXPECT_EQ(done(stores_.accounts->list("localhost")),
            (std::vector<std::string>{"alice", "bob", "carol"}));
  EXPECT_EQ(done(stores_.accounts->count("localhost")), 3u);
  EXPECT_EQ(done(stores_.accounts->count("example.com")), 1u);
  EXPECT_TRUE(done(stores_.accounts->list("nowhere")).empty());
  EXPECT_EQ(done(stores_.accounts->count("nowhere")), 0u);
}

// Gives `user` something in every store.
void fill_every_store(Stores& stores, const std::string& user) {
  using namespace std::chrono_literals;
  done(stores.roster->put(user, "localhost", contact("friend@example.com", {"Friends"})));
  done(stores.offline->store(user, "localhost",
                             OfflineMessage{.from = "friend@example.com",
                                            .to = user + "@localhost",
                                            .stamp = std::chrono::system_clock::time_point(1s),
                                            .stanza = "<message/>"},
                             10));
  done(stores.vcard->set(user, "localhost", "<vCard xmlns='vcard-temp'/>"));
  done(stores.private_storage->set(user, "localhost", {{"ns:a", "<a xmlns='ns:a'/>"}}));
  done(stores.last->set(user, "localhost", LastActivity{42, "gone"}));
  done(stores.blocking->add(user, "localhost", {"spam@example.com"}));
}

TEST_P(AccountStoreTest, RemoveDeletesTheUsersDataInEveryStoreAndNoOneElses) {
  for (const char* user : {"alice", "bob"}) {
    ASSERT_TRUE(done(stores_.accounts->create(user, "localhost", "record")));
    fill_every_store(stores_, user);
  }
  EXPECT_TRUE(done(stores_.accounts->remove("alice", "localhost")));

  EXPECT_EQ(done(stores_.accounts->password_record("alice", "localhost")), std::nullopt);
  const auto roster = done(stores_.roster->roster("alice", "localhost"));
  EXPECT_TRUE(roster.items.empty());
  EXPECT_EQ(roster.version, 0u);
  EXPECT_EQ(done(stores_.offline->count("alice", "localhost")), 0u);
  EXPECT_EQ(done(stores_.vcard->get("alice", "localhost")), std::nullopt);
  EXPECT_EQ(done(stores_.private_storage->get("alice", "localhost", "ns:a")), std::nullopt);
  EXPECT_EQ(done(stores_.last->get("alice", "localhost")), std::nullopt);
  EXPECT_TRUE(done(stores_.blocking->list("alice", "localhost")).empty());

  EXPECT_EQ(done(stores_.accounts->list("localhost")), std::vector<std::string>{"bob"});
  EXPECT_EQ(done(stores_.roster->roster("bob", "localhost")).items.size(), 1u);
  EXPECT_EQ(done(stores_.offline->count("bob", "localhost")), 1u);
  EXPECT_NE(done(stores_.vcard->get("bob", "localhost")), std::nullopt);
  EXPECT_NE(done(stores_.private_storage->get("bob", "localhost", "ns:a")), std::nullopt);
  EXPECT_NE(done(stores_.last->get("bob", "localhost")), std::nullopt);
  EXPECT_EQ(done(stores_.blocking->list("bob", "localhost")).size(), 1u);
}

TEST_P(AccountStoreTest, RemoveOfAnUnknownUserReportsFalseAndStillClearsTheirData) {
  fill_every_store(stores_, "external");  // e.g. a user of external auth: data, no account
  EXPECT_FALSE(done(stores_.accounts->remove("external", "localhost")));
  EXPECT_EQ(done(stores_.vcard->get("external", "localhost")), std::nullopt);
  EXPECT_EQ(done(stores_.offline->count("external", "localhost")), 0u);
}

INSTANTIATE_TEST_SUITE_P(Backends, AccountStoreTest, kBackends, backend_name);

}  // namespace
}  // namespace meerkat::storage::test
