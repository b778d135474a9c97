// SPDX-License-Identifier: Apache-2.0
// The HT mechanisms of XEP-0484: names, the initial response and both proofs. The expected
// HMACs were computed independently (Python's hmac module).
#include "auth/sasl/hashed_token.hpp"

#include <gtest/gtest.h>

#include "core/encoding/hex.hpp"

namespace meerkat::auth::sasl {
namespace {

TEST(HashedToken, ParsesMechanismNames) {
  auto none = parse_hashed_token_mechanism("HT-SHA-256-NONE");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->hash, scram::ScramHash::kSha256);
  EXPECT_EQ(none->channel_binding, "");
  EXPECT_EQ(parse_hashed_token_mechanism("HT-SHA-256-ENDP")->channel_binding,
            "tls-server-end-point");
  EXPECT_EQ(parse_hashed_token_mechanism("HT-SHA-512-EXPR")->hash, scram::ScramHash::kSha512);
  EXPECT_EQ(parse_hashed_token_mechanism("HT-SHA-256-UNIQ")->channel_binding, "tls-unique");
  for (auto bad : {"HT-SHA-1-NONE", "HT-SHA-256-", "HT-SHA-256-PLUS", "SCRAM-SHA-256", "HT-"}) {
    EXPECT_FALSE(parse_hashed_token_mechanism(bad)) << bad;
  }
  for (auto offered : kHashedTokenMechanisms) {
    EXPECT_TRUE(parse_hashed_token_mechanism(offered)) << offered;
  }
}

TEST(HashedToken, ComputesBothProofs) {
  auto mechanism = *parse_hashed_token_mechanism("HT-SHA-256-NONE");
  const std::string token = "WXZzciBwYmFmdmZnZiBqdmd1IGp2eXFhcmZm";
  EXPECT_EQ(encoding::hex_encode(initiator_proof(mechanism, token, "")),
            "9097787461a184e0fa84ec00c1381190b6c4d16a8ec4453c7b2ac5e7fcf935ed");
  std::string cb;
  for (int i = 0; i < 32; ++i) cb += static_cast<char>(i);
  EXPECT_EQ(encoding::hex_encode(responder_proof(mechanism, token, cb)),
            "1260579b34d55aeba4e43062a412db609a0a7153abd218b0f148445c4e83529f");
}

TEST(HashedToken, ParsesTheInitialResponse) {
  auto mechanism = *parse_hashed_token_mechanism("HT-SHA-256-NONE");
  std::string proof(32, 'x');
  auto parsed = parse_hashed_token_response(mechanism, std::string("romeo") + '\0' + proof);
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->username, "romeo");
  EXPECT_EQ(parsed->proof, proof);
  // The proof may itself contain NUL bytes: only the first one separates.
  std::string with_nul = std::string("romeo") + '\0' + std::string(32, '\0');
  EXPECT_TRUE(parse_hashed_token_response(mechanism, with_nul));
  EXPECT_FALSE(parse_hashed_token_response(mechanism, "romeo"));
  EXPECT_FALSE(parse_hashed_token_response(mechanism, std::string("\0", 1) + proof));
  EXPECT_FALSE(parse_hashed_token_response(mechanism, std::string("romeo") + '\0' + "short"));
}

}  // namespace
}  // namespace meerkat::auth::sasl
