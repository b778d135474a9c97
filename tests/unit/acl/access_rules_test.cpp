// SPDX-License-Identifier: Apache-2.0
#include "acl/access_rules.hpp"

#include <gtest/gtest.h>

namespace meerkat::acl {
namespace {

jid::Jid jid_of(std::string_view text) { return jid::Jid::parse(text).value(); }

struct Fixture {
  config::AclMap acl;
  config::AccessMap access;
};

TEST(AccessRules, BuiltInRulesAllAndNone) {
  Fixture f;
  AccessRules rules(f.acl, f.access, {"localhost"});
  EXPECT_TRUE(rules.allows("all", jid_of("a@localhost"), "localhost"));
  EXPECT_FALSE(rules.allows("none", jid_of("a@localhost"), "localhost"));
  EXPECT_FALSE(rules.allows("undefined_rule", jid_of("a@localhost"), "localhost"));
}

TEST(AccessRules, FirstMatchingClauseDecides) {
  Fixture f;
  config::AclPattern admin;
  admin.user = "admin";
  f.acl["admin"] = {admin};
  f.access["c2s"] = {{"admin", std::string("deny")}, {"all", std::string("allow")}};
  AccessRules rules(f.acl, f.access, {"localhost"});
  EXPECT_FALSE(rules.allows("c2s", jid_of("admin@localhost"), "localhost"));
  EXPECT_TRUE(rules.allows("c2s", jid_of("alice@localhost"), "localhost"));
}

TEST(AccessRules, CurrentDomainRestrictsToTheHost) {
  Fixture f;
  f.acl["local"] = {config::AclPattern{}};  // match = current_domain, no other condition
  f.access["r"] = {{"local", std::string("allow")}};
  AccessRules rules(f.acl, f.access, {"localhost", "example.test"});
  EXPECT_TRUE(rules.allows("r", jid_of("a@localhost"), "localhost"));
  EXPECT_FALSE(rules.allows("r", jid_of("a@example.test"), "localhost"));
}

TEST(AccessRules, RegexpAndGlobPatterns) {
  Fixture f;
  config::AclPattern bots;
  bots.user_regexp = "^bot[0-9]+$";
  config::AclPattern testers;
  testers.user_glob = "test*";
  f.acl["bots"] = {bots};
  f.acl["testers"] = {testers};
  f.access["limit"] = {{"bots", std::int64_t{10}}, {"testers", std::int64_t{20}}};
  AccessRules rules(f.acl, f.access, {"localhost"});
  auto bot = rules.evaluate("limit", jid_of("bot12@localhost"), "localhost");
  ASSERT_TRUE(bot);
  EXPECT_EQ(std::get<std::int64_t>(*bot), 10);
  auto tester = rules.evaluate("limit", jid_of("tester@localhost"), "localhost");
  ASSERT_TRUE(tester);
  EXPECT_EQ(std::get<std::int64_t>(*tester), 20);
  EXPECT_FALSE(rules.evaluate("limit", jid_of("mybot1@localhost"), "localhost"));
}

}  // namespace
}  // namespace meerkat::acl
