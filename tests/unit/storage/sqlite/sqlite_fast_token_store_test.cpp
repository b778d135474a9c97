// SPDX-License-Identifier: Apache-2.0
// The SQLite FAST tokens: a pair per client, replaced as a whole, NULL columns for a missing
// token or count, forgotten when both are gone and with the account.
#include <gtest/gtest.h>

#include "../store_test_support.hpp"
#include "storage/fast_token_store.hpp"

namespace meerkat::storage::test {
namespace {

class SqliteFastTokenStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = sqlite::open_sqlite_stores(directory_.path() / "meerkat.db");
    ASSERT_TRUE(opened) << opened.error().text;
    stores_ = std::move(*opened);
    ASSERT_TRUE(stores_.fast_tokens);
  }

  FastTokens tokens(const char* agent) {
    return done(stores_.fast_tokens->tokens("romeo", "localhost", agent));
  }

  TempDirectory directory_;
  Stores stores_;
};

TEST_F(SqliteFastTokenStoreTest, StoresBothTokensPerClient) {
  EXPECT_EQ(tokens("phone"), FastTokens{});
  FastTokens pair{FastToken{"s1", "HT-SHA-256-NONE", 100, 7},
                  FastToken{"s2", "HT-SHA-256-ENDP", 200, std::nullopt}};
  done(stores_.fast_tokens->store("romeo", "localhost", "phone", pair));
  done(stores_.fast_tokens->store("romeo", "localhost", "laptop",
                                  {std::nullopt, FastToken{"s3", "HT-SHA-256-NONE", 300, {}}}));
  EXPECT_EQ(tokens("phone"), pair);
  EXPECT_FALSE(tokens("laptop").current);
  EXPECT_EQ(tokens("laptop").next->secret, "s3");
  EXPECT_EQ(done(stores_.fast_tokens->tokens("juliet", "localhost", "phone")), FastTokens{});

  pair.current = pair.next;
  pair.next.reset();
  done(stores_.fast_tokens->store("romeo", "localhost", "phone", pair));
  EXPECT_EQ(tokens("phone"), pair);
  done(stores_.fast_tokens->store("romeo", "localhost", "phone", {}));
  EXPECT_EQ(tokens("phone"), FastTokens{});

  done(stores_.fast_tokens->remove_user("romeo", "localhost"));
  EXPECT_EQ(tokens("laptop"), FastTokens{});
}

}  // namespace
}  // namespace meerkat::storage::test
