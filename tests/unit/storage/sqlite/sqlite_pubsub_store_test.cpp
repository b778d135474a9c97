// SPDX-License-Identifier: Apache-2.0
// The SQLite personal eventing store: nodes with their configuration, items newest last with
// republishing and trimming, subscriptions, the last items of several owners, and removal.
#include <gtest/gtest.h>

#include "../store_test_support.hpp"
#include "storage/pubsub_store.hpp"

namespace meerkat::storage::test {
namespace {

class SqlitePubsubStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = sqlite::open_sqlite_stores(directory_.path() / "meerkat.db");
    ASSERT_TRUE(opened) << opened.error().text;
    stores_ = std::move(*opened);
    ASSERT_TRUE(stores_.pubsub);
  }

  PubsubItem item(std::string id, std::string payload = "<p/>") {
    return {std::move(id), "romeo@localhost/phone",
            std::chrono::system_clock::time_point(std::chrono::seconds(1'700'000'000)),
            std::move(payload)};
  }

  void publish(const std::string& node, std::string id, std::optional<std::uint64_t> keep = {},
               PubsubNodeConfig config = {}) {
    done(stores_.pubsub->publish({romeo_, node, config, item(std::move(id)), keep}));
  }

  std::vector<std::string> ids(const std::string& node, std::vector<std::string> only = {},
                               std::optional<std::uint64_t> last = {}) {
    std::vector<std::string> out;
    for (const auto& i : done(stores_.pubsub->items(romeo_, node, std::move(only), last))) {
      out.push_back(i.id);
    }
    return out;
  }

  TempDirectory directory_;
  Stores stores_;
  PubsubOwner romeo_{"romeo", "localhost"};
  PubsubOwner juliet_{"juliet", "localhost"};
};

TEST_F(SqlitePubsubStoreTest, PublishCreatesTheNodeWithItsConfiguration) {
  PubsubNodeConfig config;
  config.access = PubsubAccess::kOpen;
  config.max_items = 5;
  config.send_last = SendLastItem::kNever;
  publish("urn:xmpp:avatar:metadata", "a", std::nullopt, config);
  auto node = done(stores_.pubsub->node(romeo_, "urn:xmpp:avatar:metadata"));
  ASSERT_TRUE(node);
  EXPECT_EQ(node->config, config);
  auto items = done(stores_.pubsub->items(romeo_, "urn:xmpp:avatar:metadata", {}, {}));
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0], item("a"));
  // A second publish keeps the node's configuration, whatever it would create.
  publish("urn:xmpp:avatar:metadata", "b");
  EXPECT_EQ(done(stores_.pubsub->node(romeo_, "urn:xmpp:avatar:metadata"))->config, config);
}

TEST_F(SqlitePubsubStoreTest, ItemsAreOldestFirstAndARepublishedIdBecomesNewest) {
  publish("n", "a");
  publish("n", "b");
  publish("n", "c");
  publish("n", "a");
  EXPECT_EQ(ids("n"), (std::vector<std::string>{"b", "c", "a"}));
  EXPECT_EQ(ids("n", {}, 2), (std::vector<std::string>{"c", "a"}));
  EXPECT_EQ(ids("n", {"c", "missing", "b"}), (std::vector<std::string>{"c", "b"}));
  EXPECT_TRUE(ids("no such node").empty());
}

TEST_F(SqlitePubsubStoreTest, PublishAndConfigureTrimTheOldestItems) {
  for (auto id : {"1", "2", "3", "4"}) publish("n", id, 3);
  EXPECT_EQ(ids("n"), (std::vector<std::string>{"2", "3", "4"}));
  PubsubNodeConfig one;
  one.max_items = 1;
  EXPECT_TRUE(done(stores_.pubsub->configure(romeo_, "n", one, 1)));
  EXPECT_EQ(ids("n"), (std::vector<std::string>{"4"}));
  EXPECT_EQ(done(stores_.pubsub->node(romeo_, "n"))->config.max_items, 1u);
  EXPECT_FALSE(done(stores_.pubsub->configure(romeo_, "missing", one, 1)));
}

TEST_F(SqlitePubsubStoreTest, NotifyOnlyPublishCreatesTheNodeButStoresNothing) {
  done(stores_.pubsub->publish({romeo_, "n", {}, std::nullopt, std::nullopt}));
  EXPECT_TRUE(done(stores_.pubsub->node(romeo_, "n")));
  EXPECT_TRUE(ids("n").empty());
}

TEST_F(SqlitePubsubStoreTest, CreateRetractAndDelete) {
  EXPECT_TRUE(done(stores_.pubsub->create(romeo_, "n", {})));
  EXPECT_FALSE(done(stores_.pubsub->create(romeo_, "n", {})));
  publish("n", "a");
  EXPECT_TRUE(done(stores_.pubsub->retract(romeo_, "n", "a")));
  EXPECT_FALSE(done(stores_.pubsub->retract(romeo_, "n", "a")));
  EXPECT_TRUE(done(stores_.pubsub->remove(romeo_, "n")));
  EXPECT_FALSE(done(stores_.pubsub->remove(romeo_, "n")));
  EXPECT_FALSE(done(stores_.pubsub->node(romeo_, "n")));
}

TEST_F(SqlitePubsubStoreTest, SubscriptionsBelongToTheirNode) {
  EXPECT_FALSE(done(stores_.pubsub->subscribe(romeo_, "n", "juliet@localhost")));  // no node
  publish("n", "a");
  EXPECT_TRUE(done(stores_.pubsub->subscribe(romeo_, "n", "juliet@localhost")));
  EXPECT_FALSE(done(stores_.pubsub->subscribe(romeo_, "n", "juliet@localhost")));
  EXPECT_TRUE(done(stores_.pubsub->subscribe(romeo_, "n", "nurse@localhost/kitchen")));
  auto node = done(stores_.pubsub->node(romeo_, "n"));
  EXPECT_EQ(node->subscribers,
            (std::vector<std::string>{"juliet@localhost", "nurse@localhost/kitchen"}));
  EXPECT_TRUE(done(stores_.pubsub->unsubscribe(romeo_, "n", "juliet@localhost")));
  EXPECT_FALSE(done(stores_.pubsub->unsubscribe(romeo_, "n", "juliet@localhost")));
  // Deleting the node ends its subscriptions.
  done(stores_.pubsub->remove(romeo_, "n"));
  publish("n", "a");
  EXPECT_TRUE(done(stores_.pubsub->node(romeo_, "n"))->subscribers.empty());
}

TEST_F(SqlitePubsubStoreTest, LastItemsOfSeveralOwners) {
  publish("a", "1");
  publish("a", "2");
  publish("b", "3");
  done(stores_.pubsub->create(romeo_, "empty", {}));
  done(stores_.pubsub->publish({juliet_, "a", {}, item("4"), std::nullopt}));
  auto last = done(stores_.pubsub->last_items({romeo_, juliet_}));
  ASSERT_EQ(last.size(), 3u);
  EXPECT_EQ(last[0].owner, romeo_);
  EXPECT_EQ(last[0].node, "a");
  EXPECT_EQ(last[0].item.id, "2");
  EXPECT_EQ(last[1].node, "b");
  EXPECT_EQ(last[2].owner, juliet_);
  EXPECT_EQ(last[2].item.id, "4");
}

TEST_F(SqlitePubsubStoreTest, RemovingAUserDropsItsNodesAndSubscriptions) {
  publish("n", "a");
  done(stores_.pubsub->publish({juliet_, "j", {}, item("b"), std::nullopt}));
  done(stores_.pubsub->subscribe(juliet_, "j", "romeo@localhost/phone"));
  done(stores_.pubsub->subscribe(romeo_, "n", "juliet@localhost"));
  done(stores_.pubsub->remove_user(romeo_, "romeo@localhost"));
  EXPECT_FALSE(done(stores_.pubsub->node(romeo_, "n")));
  auto kept = done(stores_.pubsub->node(juliet_, "j"));
  ASSERT_TRUE(kept);
  EXPECT_TRUE(kept->subscribers.empty());
}

}  // namespace
}  // namespace meerkat::storage::test
