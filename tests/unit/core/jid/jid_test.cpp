// SPDX-License-Identifier: Apache-2.0
#include "core/jid/jid.hpp"

#include <gtest/gtest.h>

#include <string>
#include <unordered_set>

namespace meerkat::jid {
namespace {

std::string prepared(std::string_view text) {
  auto jid = Jid::parse(text);
  if (!jid) return "error: " + jid.error().text;
  return jid->to_string();
}

TEST(JidParse, SplitsNodeDomainAndResource) {
  auto jid = Jid::parse("juliet@example.com/balcony");
  ASSERT_TRUE(jid);
  EXPECT_EQ(jid->node(), "juliet");
  EXPECT_EQ(jid->domain(), "example.com");
  EXPECT_EQ(jid->resource(), "balcony");
  EXPECT_FALSE(jid->is_bare());
  EXPECT_TRUE(jid->has_node());
}

TEST(JidParse, AcceptsDomainOnlyAndDomainWithResource) {
  auto domain = Jid::parse("example.com");
  ASSERT_TRUE(domain);
  EXPECT_EQ(domain->node(), "");
  EXPECT_EQ(domain->domain(), "example.com");
  EXPECT_TRUE(domain->is_bare());
  EXPECT_FALSE(domain->has_node());
  auto with_resource = Jid::parse("example.com/res");
  ASSERT_TRUE(with_resource);
  EXPECT_EQ(with_resource->domain(), "example.com");
  EXPECT_EQ(with_resource->resource(), "res");
}

TEST(JidParse, LetsTheResourceContainAtAndSlash) {
  auto jid = Jid::parse("a@b/c@d/e");
  ASSERT_TRUE(jid);
  EXPECT_EQ(jid->node(), "a");
  EXPECT_EQ(jid->domain(), "b");
  EXPECT_EQ(jid->resource(), "c@d/e");
  auto no_node = Jid::parse("b/c@d");
  ASSERT_TRUE(no_node);
  EXPECT_EQ(no_node->node(), "");
  EXPECT_EQ(no_node->resource(), "c@d");
}

TEST(JidPrep, LowercasesAsciiNodeAndDomainButNotResource) {
  EXPECT_EQ(prepared("Juliet@Example.COM/Balcony"), "juliet@example.com/Balcony");
}

TEST(JidPrep, PreparesUnicodeParts) {
  EXPECT_EQ(prepared("ÄÖÜ@Example.COM/Res"), "äöü@example.com/Res");
  EXPECT_EQ(prepared("user@ÉXAMPLE.com"), "user@éxample.com");
  EXPECT_EQ(prepared("a@b/Ünïcode ☃"), "a@b/Ünïcode ☃");
  EXPECT_EQ(prepared("Straße@example.com"), "strasse@example.com");  // case folding
  EXPECT_EQ(prepared("ｕｓｅｒ@example.com"), "user@example.com");   // NFKC
  EXPECT_EQ(prepared("δοκιμή@παράδειγμα.δοκιμή"), "δοκιμή@παράδειγμα.δοκιμή");
}

TEST(JidPrep, StripsOneTrailingDotFromTheDomain) {
  EXPECT_EQ(prepared("user@example.com./r"), "user@example.com/r");
  EXPECT_FALSE(Jid::parse("user@example.com.."));
  EXPECT_FALSE(Jid::parse("user@."));
}

TEST(JidPrep, AcceptsIpLiterals) {
  EXPECT_EQ(prepared("user@[::1]/r"), "user@[::1]/r");
  EXPECT_EQ(prepared("[2001:DB8::1]"), "[2001:db8::1]");
  EXPECT_EQ(prepared("user@127.0.0.1"), "user@127.0.0.1");
  EXPECT_FALSE(Jid::parse("user@[::1"));
  EXPECT_FALSE(Jid::parse("user@[not-an-ip]"));
  EXPECT_FALSE(Jid::parse("user@[]"));
}

TEST(JidPrep, RejectsEmptyParts) {
  EXPECT_FALSE(Jid::parse(""));
  EXPECT_FALSE(Jid::parse("@example.com"));
  EXPECT_FALSE(Jid::parse("user@"));
  EXPECT_FALSE(Jid::parse("user@example.com/"));
  EXPECT_FALSE(Jid::parse("/resource"));
  EXPECT_FALSE(Jid::parse("user@/resource"));
}

TEST(JidPrep, RejectsForbiddenNodeCharacters) {
  for (std::string_view bad :
       {"a b@c", "a\"b@c", "a&b@c", "a'b@c", "a:b@c", "a<b@c", "a>b@c", "a\x01z@c", "a\x7f@c"}) {
    auto jid = Jid::parse(bad);
    EXPECT_FALSE(jid) << bad;
    if (!jid) {
      EXPECT_EQ(jid.error().condition, Condition::kJidMalformed);
    }
  }
  EXPECT_FALSE(Jid::parse("a\u00A0b@c"));  // non-ASCII space, prohibited by Nodeprep
}

TEST(JidPrep, RejectsAnAtInTheDomain) { EXPECT_FALSE(Jid::parse("a@b@c")); }

TEST(JidPrep, RejectsBadDomains) {
  for (std::string_view bad :
       {"a@b c", "a@-b.com", "a@b-.com", "a@b..com", "a@.b", "a@b!c", "a@b\tc", "a@ex ample.com"}) {
    EXPECT_FALSE(Jid::parse(bad)) << bad;
  }
  EXPECT_TRUE(Jid::parse("a@under_score.example"));
  EXPECT_TRUE(Jid::parse("a@" + std::string(63, 'x') + ".com"));
  EXPECT_FALSE(Jid::parse("a@" + std::string(64, 'x') + ".com"));
}

TEST(JidPrep, RejectsControlCharactersAndProhibitedCodePointsInResources) {
  EXPECT_FALSE(Jid::parse("a@b/x\ny"));
  EXPECT_FALSE(Jid::parse("a@b/x\uE000y"));  // private use, prohibited by Resourceprep
  EXPECT_TRUE(Jid::parse("a@b/with space"));
}

TEST(JidPrep, RejectsInvalidUtf8AndNul) {
  EXPECT_FALSE(Jid::parse("\xff@example.com"));
  EXPECT_FALSE(Jid::parse("a\xc3@example.com"));
  EXPECT_FALSE(Jid::parse("\xc0\xaf@example.com"));        // overlong '/'
  EXPECT_FALSE(Jid::parse("a@example.com/\xed\xa0\x80"));  // surrogate
  EXPECT_FALSE(Jid::parse(std::string_view("a\0b@c", 5)));
  EXPECT_FALSE(Jid::parse(std::string_view("é\0@c", 4)));
}

TEST(JidPrep, LimitsEachPartTo1023Bytes) {
  const std::string max(1023, 'a');
  const std::string over(1024, 'a');
  EXPECT_TRUE(Jid::parse(max + "@example.com/" + max));
  EXPECT_FALSE(Jid::parse(over + "@example.com"));
  EXPECT_FALSE(Jid::parse("a@example.com/" + over));
  EXPECT_FALSE(Jid::parse("ä" + max + "@example.com"));
  std::string long_domain;
  while (long_domain.size() < 1030) long_domain += "abcdefgh.";
  long_domain += "com";
  EXPECT_FALSE(Jid::parse("a@" + long_domain));
}

TEST(JidPrep, NameprepIsUsableOnItsOwn) {
  auto host = Jid::nameprep("Example.COM.");
  ASSERT_TRUE(host);
  EXPECT_EQ(*host, "example.com");
  EXPECT_FALSE(Jid::nameprep(""));
  EXPECT_EQ(*Jid::nodeprep("Romeo"), "romeo");
  EXPECT_EQ(*Jid::resourceprep("Phone"), "Phone");
}

TEST(Jid, BareDropsTheResource) {
  auto full = Jid::parse("romeo@example.net/orchard");
  ASSERT_TRUE(full);
  Jid bare = full->bare();
  EXPECT_EQ(bare.to_string(), "romeo@example.net");
  EXPECT_TRUE(bare.is_bare());
  EXPECT_EQ(bare.node(), "romeo");
  EXPECT_EQ(bare.resource(), "");
  auto other = bare.with_resource("Garden");
  ASSERT_TRUE(other);
  EXPECT_EQ(other->to_string(), "romeo@example.net/Garden");
  EXPECT_EQ(Jid::parse("example.net/x")->bare().to_string(), "example.net");
}

TEST(Jid, ComparesPreparedForms) {
  EXPECT_EQ(*Jid::parse("ROMEO@Example.NET"), *Jid::parse("romeo@example.net."));
  EXPECT_NE(*Jid::parse("romeo@example.net/A"), *Jid::parse("romeo@example.net/a"));
  EXPECT_LT(*Jid::parse("a@b"), *Jid::parse("b@b"));
}

TEST(Jid, HashesPreparedForms) {
  std::unordered_set<Jid> set;
  set.insert(*Jid::parse("Romeo@Example.net"));
  EXPECT_TRUE(set.contains(*Jid::parse("romeo@example.net")));
  EXPECT_FALSE(set.contains(*Jid::parse("romeo@example.net/r")));
}

TEST(Jid, MakeJoinsParts) {
  auto jid = Jid::make("Alice", "Example.org", "phone");
  ASSERT_TRUE(jid);
  EXPECT_EQ(jid->to_string(), "alice@example.org/phone");
  EXPECT_TRUE(Jid().empty());
  EXPECT_FALSE(Jid::make("a", ""));
}

}  // namespace
}  // namespace meerkat::jid
