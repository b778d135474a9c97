// SPDX-License-Identifier: Apache-2.0
#include "storage/roster_store.hpp"

#include <gtest/gtest.h>

#include "store_test_support.hpp"

namespace meerkat::storage::test {
namespace {

class RosterStoreTest : public StoreTest {};

RosterItem full_item() {
  return RosterItem{.jid = "juliet@example.com",
                    .name = "Juliet",
                    .subscription = Subscription::kFrom,
                    .pending_out = true,
                    .pending_in = true,
                    .approved = true,
                    .groups = {"Lovers", "Capulets"},
                    .pending_in_status = "let me in"};
}

TEST_P(RosterStoreTest, RosterThatNeverChangedIsEmptyAtVersionZero) {
  const auto roster = done(stores_.roster->roster("romeo", "localhost"));
  EXPECT_TRUE(roster.items.empty());
  EXPECT_EQ(roster.version, 0u);
  EXPECT_EQ(done(stores_.roster->version("romeo", "localhost")), 0u);
}

TEST_P(RosterStoreTest, PutKeepsEveryFieldAndTheOrderOfGroups) {
  done(stores_.roster->put("romeo", "localhost", full_item()));
  EXPECT_EQ(done(stores_.roster->item("romeo", "localhost", "juliet@example.com")), full_item());
  const auto roster = done(stores_.roster->roster("romeo", "localhost"));
  ASSERT_EQ(roster.items.size(), 1u);
  EXPECT_EQ(roster.items[0], full_item());
}

TEST_P(RosterStoreTest, EverySubscriptionStateRoundTrips) {
  for (auto subscription :
       {Subscription::kNone, Subscription::kTo, Subscription::kFrom, Subscription::kBoth}) {
    auto item = full_item();
    item.subscription = subscription;
    done(stores_.roster->put("romeo", "localhost", item));
    EXPECT_EQ(done(stores_.roster->item("romeo", "localhost", item.jid)), item);
  }
}

TEST_P(RosterStoreTest, PutReplacesTheItemAndItsGroups) {
  done(stores_.roster->put("romeo", "localhost", full_item()));
  auto replaced = contact("juliet@example.com", {"Verona"});
  replaced.name = "J";
  done(stores_.roster->put("romeo", "localhost", replaced));
  EXPECT_EQ(done(stores_.roster->item("romeo", "localhost", "juliet@example.com")), replaced);
  EXPECT_EQ(done(stores_.roster->roster("romeo", "localhost")).items.size(), 1u);
}

TEST_P(RosterStoreTest, RepeatedGroupIsKeptOnceAtItsFirstPosition) {
  done(stores_.roster->put("romeo", "localhost", contact("juliet@example.com", {"b", "a", "b"})));
  const auto item = done(stores_.roster->item("romeo", "localhost", "juliet@example.com"));
  ASSERT_TRUE(item);
  EXPECT_EQ(item->groups, (std::vector<std::string>{"b", "a"}));
}

TEST_P(RosterStoreTest, ItemsComeInJidOrderWithTheirOwnGroups) {
  done(stores_.roster->put("romeo", "localhost", contact("c@x", {"3"})));
  done(stores_.roster->put("romeo", "localhost", contact("a@x", {"1"})));
  done(stores_.roster->put("romeo", "localhost", contact("b@x")));
  const auto roster = done(stores_.roster->roster("romeo", "localhost"));
  ASSERT_EQ(roster.items.size(), 3u);
  EXPECT_EQ(roster.items[0].jid, "a@x");
  EXPECT_EQ(roster.items[0].groups, std::vector<std::string>{"1"});
  EXPECT_EQ(roster.items[1].jid, "b@x");
  EXPECT_TRUE(roster.items[1].groups.empty());
  EXPECT_EQ(roster.items[2].jid, "c@x");
  EXPECT_EQ(roster.items[2].groups, std::vector<std::string>{"3"});
}

TEST_P(RosterStoreTest, ItemOfAnUnknownContactIsEmpty) {
  done(stores_.roster->put("romeo", "localhost", full_item()));
  EXPECT_EQ(done(stores_.roster->item("romeo", "localhost", "nurse@example.com")), std::nullopt);
  EXPECT_EQ(done(stores_.roster->item("juliet", "localhost", "juliet@example.com")), std::nullopt);
}

TEST_P(RosterStoreTest, EveryChangeAddsOneToTheUsersVersion) {
  EXPECT_EQ(done(stores_.roster->put("romeo", "localhost", full_item())), 1u);
  EXPECT_EQ(done(stores_.roster->put("romeo", "localhost", contact("a@x"))), 2u);
  EXPECT_EQ(done(stores_.roster->remove_item("romeo", "localhost", "a@x")), 3u);
  EXPECT_EQ(done(stores_.roster->version("romeo", "localhost")), 3u);
  EXPECT_EQ(done(stores_.roster->roster("romeo", "localhost")).version, 3u);
  EXPECT_EQ(done(stores_.roster->put("juliet", "localhost", contact("a@x"))), 1u);
}

TEST_P(RosterStoreTest, RemovingAnUnknownItemKeepsTheVersion) {
  EXPECT_EQ(done(stores_.roster->remove_item("romeo", "localhost", "a@x")), 0u);
  done(stores_.roster->put("romeo", "localhost", full_item()));
  EXPECT_EQ(done(stores_.roster->remove_item("romeo", "localhost", "a@x")), 1u);
  EXPECT_EQ(done(stores_.roster->roster("romeo", "localhost")).items.size(), 1u);
}

TEST_P(RosterStoreTest, RemoveItemDeletesItsGroupsToo) {
  done(stores_.roster->put("romeo", "localhost", full_item()));
  done(stores_.roster->remove_item("romeo", "localhost", "juliet@example.com"));
  done(stores_.roster->put("romeo", "localhost", contact("juliet@example.com")));
  const auto item = done(stores_.roster->item("romeo", "localhost", "juliet@example.com"));
  ASSERT_TRUE(item);
  EXPECT_TRUE(item->groups.empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, RosterStoreTest, kBackends, backend_name);

}  // namespace
}  // namespace meerkat::storage::test
