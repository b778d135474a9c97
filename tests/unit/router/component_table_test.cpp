// SPDX-License-Identifier: Apache-2.0
// The component table: one component per domain, refused or replaced on conflict, all domains
// of a binding or none, unbinding that spares a successor, and hidden components.
#include "router/component_table.hpp"

#include <gtest/gtest.h>

namespace meerkat::router {
namespace {

SessionHandlePtr handle() { return std::make_shared<SessionHandle>(); }

TEST(ComponentTable, OneComponentPerDomainUnlessReplacing) {
  ComponentTable table;
  auto first = handle();
  auto second = handle();
  std::vector<SessionHandlePtr> replaced;
  ASSERT_TRUE(table.bind({"bot.example"}, {first, false}, false, replaced));
  EXPECT_FALSE(table.bind({"other.example", "bot.example"}, {second, false}, false, replaced));
  EXPECT_FALSE(table.find("other.example"));  // all or nothing
  EXPECT_EQ(table.find("bot.example"), first);
  ASSERT_TRUE(table.bind({"bot.example"}, {second, false}, true, replaced));
  EXPECT_EQ(replaced, std::vector<SessionHandlePtr>{first});
  EXPECT_EQ(table.find("bot.example"), second);
  // the replaced component leaving does not unbind its successor
  table.unbind({"bot.example"}, first.get());
  EXPECT_EQ(table.find("bot.example"), second);
  table.unbind({"bot.example"}, second.get());
  EXPECT_FALSE(table.find("bot.example"));
}

TEST(ComponentTable, HiddenComponentsAreLeftOutOfTheList) {
  ComponentTable table;
  std::vector<SessionHandlePtr> replaced;
  table.bind({"b.example", "a.example"}, {handle(), false}, false, replaced);
  table.bind({"secret.example"}, {handle(), true}, false, replaced);
  EXPECT_EQ(table.visible_domains(), (std::vector<std::string>{"a.example", "b.example"}));
  EXPECT_TRUE(table.find("secret.example"));
}

}  // namespace
}  // namespace meerkat::router
