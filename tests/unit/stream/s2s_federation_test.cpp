// SPDX-License-Identifier: Apache-2.0
// Dialback keys (XEP-0185) and the order SRV answers are tried in (RFC 2782, XEP-0368).
#include <gtest/gtest.h>

#include "stream/s2s/dialback_key.hpp"
#include "stream/s2s/s2s_resolver.hpp"

namespace meerkat::stream::s2s {
namespace {

// The expected value was computed independently (Python's hmac and hashlib) from XEP-0185 §2:
// HMAC-SHA256 keyed with the hex SHA-256 of the secret.
TEST(DialbackKey, FollowsXep0185) {
  EXPECT_EQ(dialback_key("s3cr3tf0rd14lb4ck", "example.net", "example.com", "D60000229F"),
            "008c689ff366b50c63d69a3e2d2c0e0e1f8404b0118eb688a0102c87cb691bdc");
}

TEST(DialbackKey, DependsOnEveryInput) {
  auto key = dialback_key("secret", "b.test", "a.test", "id1");
  EXPECT_NE(key, dialback_key("other", "b.test", "a.test", "id1"));
  EXPECT_NE(key, dialback_key("secret", "a.test", "b.test", "id1"));
  EXPECT_NE(key, dialback_key("secret", "b.test", "a.test", "id2"));
  EXPECT_TRUE(same_key(key, dialback_key("secret", "b.test", "a.test", "id1")));
  EXPECT_FALSE(same_key(key, key.substr(1)));
}

TEST(SrvOrder, LowerPriorityFirstThenHeavierWeight) {
  std::vector<SrvRecord> plain{{20, 0, 5269, "backup.example"},
                               {10, 5, 5270, "light.example"},
                               {10, 50, 5271, "heavy.example"}};
  auto targets = order_srv({}, plain);
  ASSERT_EQ(targets.size(), 3u);
  EXPECT_EQ(targets[0], (Target{"heavy.example", 5271, false}));
  EXPECT_EQ(targets[1], (Target{"light.example", 5270, false}));
  EXPECT_EQ(targets[2], (Target{"backup.example", 5269, false}));
}

TEST(SrvOrder, DirectTlsGoesFirstAtEqualPriority) {
  auto targets = order_srv({{10, 0, 5270, "xmpp.example"}}, {{10, 0, 5269, "xmpp.example"}});
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_TRUE(targets[0].direct_tls);
  EXPECT_EQ(targets[0].port, 5270);
  EXPECT_FALSE(targets[1].direct_tls);
}

TEST(SrvOrder, ADotTargetMeansNoService) {
  EXPECT_TRUE(order_srv({}, {{0, 0, 0, "."}}).empty());
  // Only the plain service is declined: direct TLS is still offered.
  auto targets = order_srv({{0, 0, 5270, "tls.example"}}, {{0, 0, 0, "."}});
  ASSERT_EQ(targets.size(), 1u);
  EXPECT_EQ(targets[0].host, "tls.example");
}

TEST(SrvOrder, RepeatedRecordsAreTriedOnce) {
  auto targets = order_srv({}, {{0, 0, 5269, "x.example"}, {0, 0, 5269, "x.example"}});
  EXPECT_EQ(targets.size(), 1u);
}

}  // namespace
}  // namespace meerkat::stream::s2s
