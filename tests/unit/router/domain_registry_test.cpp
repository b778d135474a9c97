// SPDX-License-Identifier: Apache-2.0
// The served domains: static ones never change, dynamic ones are served only while enabled,
// and a thread that read the registry before a change sees the change on its next read.
#include "router/domain_registry.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace meerkat::router {
namespace {

using Status = DomainStatus;

DomainRegistry make() { return DomainRegistry({"localhost", "example.test"}, {"type1", "type2"}); }

TEST(DomainRegistry, StaticDomainsAreServedAndAreTheirOwnType) {
  auto registry = make();
  EXPECT_TRUE(registry.serves("localhost"));
  EXPECT_FALSE(registry.serves("nowhere.test"));
  auto entry = registry.find("example.test");
  ASSERT_TRUE(entry);
  EXPECT_EQ(entry->host_type, "example.test");
  EXPECT_TRUE(entry->is_static);
  EXPECT_EQ(registry.served(), (std::vector<std::string>{"localhost", "example.test"}));
  EXPECT_TRUE(registry.is_dynamic_type("type1"));
  EXPECT_FALSE(registry.is_dynamic_type("localhost"));
}

TEST(DomainRegistry, DynamicDomainsAreServedWhileEnabled) {
  auto registry = make();
  registry.put({"b.test", "type1", Status::kEnabled, false});
  registry.put({"a.test", "type2", Status::kEnabled, false});
  EXPECT_TRUE(registry.serves("b.test"));
  EXPECT_EQ(registry.served(),
            (std::vector<std::string>{"localhost", "example.test", "a.test", "b.test"}));
  EXPECT_EQ(registry.served_of_type("type1"), std::vector<std::string>{"b.test"});
  registry.put({"b.test", "type1", Status::kDisabled, false});
  EXPECT_FALSE(registry.serves("b.test"));
  EXPECT_TRUE(registry.served_of_type("type1").empty());
  EXPECT_EQ(registry.find("b.test")->status, Status::kDisabled);
  registry.put({"b.test", "type1", Status::kDeleting, false});
  EXPECT_FALSE(registry.serves("b.test"));
  EXPECT_EQ(registry.all().size(), 4u);
  registry.erase("b.test");
  EXPECT_FALSE(registry.find("b.test"));
  EXPECT_EQ(registry.all().size(), 3u);
}

TEST(DomainRegistry, StaticDomainsCannotBeChangedOrErased) {
  auto registry = make();
  registry.put({"localhost", "type1", Status::kDisabled, false});
  registry.erase("example.test");
  EXPECT_TRUE(registry.serves("localhost"));
  EXPECT_EQ(registry.find("localhost")->host_type, "localhost");
  EXPECT_TRUE(registry.serves("example.test"));
}

TEST(DomainRegistry, TwoRegistriesOnOneThreadDoNotShareACache) {
  DomainRegistry first({"one.test"}, {});
  DomainRegistry second({"two.test"}, {});
  EXPECT_TRUE(first.serves("one.test"));
  EXPECT_FALSE(second.serves("one.test"));
  EXPECT_TRUE(second.serves("two.test"));
  EXPECT_FALSE(first.serves("two.test"));
}

// A shard thread keeps reading while the admin API changes domains: every read is whole (one
// snapshot or the next), and once the writer is done the reader sees its last change.
TEST(DomainRegistry, ReadersOnOtherThreadsSeeChanges) {
  auto registry = make();
  std::atomic<bool> published{false};
  std::atomic<bool> seen{false};
  std::atomic<std::size_t> reads{0};
  std::thread reader([&] {
    for (;;) {
      bool last = published.load();
      EXPECT_TRUE(registry.serves("localhost"));
      EXPECT_GE(registry.all().size(), 2u);
      ++reads;
      if (last) {
        seen = registry.serves("last.test");
        return;
      }
    }
  });
  for (int i = 0; i < 2000; ++i) {
    auto name = "d" + std::to_string(i % 50) + ".test";
    if (i % 3 == 2) {
      registry.erase(name);
    } else {
      registry.put({name, "type1", i % 3 == 0 ? Status::kEnabled : Status::kDisabled, false});
    }
  }
  registry.put({"last.test", "type1", Status::kEnabled, false});
  published = true;
  reader.join();
  EXPECT_TRUE(seen);
  EXPECT_GT(reads.load(), 0u);
}

}  // namespace
}  // namespace meerkat::router
