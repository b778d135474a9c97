// SPDX-License-Identifier: Apache-2.0
// MongooseIM's token format: what we sign reads back, a changed byte or another key fails,
// and malformed tokens are refused rather than half-read.
#include "modules/auth_token/token_codec.hpp"

#include <gtest/gtest.h>

namespace meerkat::modules::auth_token {
namespace {

using namespace std::string_literals;

TEST(AuthTokenCodec, SignedTokensReadBack) {
  Token refresh{TokenType::kRefresh, "alice@localhost", 64875466457, 6, {}};
  auto raw = serialize(refresh, "key");
  EXPECT_TRUE(
      raw.starts_with("refresh\0alice@localhost\0"s
                      "64875466457\0"s
                      "6\0"s));
  // HMAC-SHA-384 in lower-case hex, as in MongooseIM's examples
  EXPECT_EQ(raw.size() - raw.rfind('\0') - 1, 96u);
  auto read = verify(raw, "key");
  ASSERT_TRUE(read);
  EXPECT_EQ(read->type, TokenType::kRefresh);
  EXPECT_EQ(read->jid, "alice@localhost");
  EXPECT_EQ(read->expires_at, 64875466457);
  EXPECT_EQ(read->sequence, 6);
  auto access = verify(serialize({TokenType::kAccess, "bob@localhost", 5, 0, {}}, "key"), "key");
  ASSERT_TRUE(access);
  EXPECT_EQ(access->type, TokenType::kAccess);
}

TEST(AuthTokenCodec, AnotherKeyOrAChangedByteFails) {
  auto raw = serialize({TokenType::kAccess, "alice@localhost", 64875466454, 0, {}}, "key");
  EXPECT_FALSE(verify(raw, "other key"));
  auto forged = raw;
  forged.replace(forged.find("alice"), 5, "mallo");
  EXPECT_FALSE(verify(forged, "key"));
  auto later = raw;
  later[later.find("648") + 2] = '9';
  EXPECT_FALSE(verify(later, "key"));
}

TEST(AuthTokenCodec, MalformedTokensAreRefused) {
  auto good = serialize({TokenType::kRefresh, "alice@localhost", 10, 1, {}}, "key");
  for (const auto& raw : {""s, "access"s,
                          "access\0a@b\0"s
                          "10"s,
                          "bearer\0a@b\0"s
                          "10\0"s
                          "00"s,
                          "access\0a@b\0"s
                          "ten\0"s
                          "00"s,
                          "access\0\0"s
                          "10\0"s
                          "00"s,
                          "access\0a@b\0"s
                          "-1\0"s
                          "00"s,
                          good + '\0', good.substr(0, good.size() - 1)}) {
    EXPECT_FALSE(verify(raw, "key")) << raw;
  }
  // a refresh token without its sequence number is not an access token
  auto access = serialize({TokenType::kAccess, "a@b", 10, 0, {}}, "key");
  auto relabelled = "refresh" + access.substr(6);
  EXPECT_FALSE(verify(relabelled, "key"));
}

TEST(AuthTokenCodec, ExpiryCountsFromYearZero) {
  auto epoch = std::chrono::system_clock::time_point{};
  EXPECT_EQ(gregorian_seconds(epoch), kGregorianUnixOffset);
  EXPECT_EQ(gregorian_seconds(epoch + std::chrono::seconds(90)), kGregorianUnixOffset + 90);
}

}  // namespace
}  // namespace meerkat::modules::auth_token
