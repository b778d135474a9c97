// SPDX-License-Identifier: Apache-2.0
#include "auth/scram/scram.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/encoding/base64.hpp"
#include "core/encoding/hex.hpp"

namespace meerkat::auth::scram {
namespace {

std::string b64(std::string_view bytes) { return encoding::base64_encode(bytes); }
std::string unb64(std::string_view text) { return encoding::base64_decode(text).value(); }

std::string hex(std::string_view bytes) { return encoding::hex_encode(bytes); }

TEST(ScramKeys, DigestSizesAndNames) {
  EXPECT_EQ(digest_size(ScramHash::kSha1), 20u);
  EXPECT_EQ(digest_size(ScramHash::kSha224), 28u);
  EXPECT_EQ(digest_size(ScramHash::kSha256), 32u);
  EXPECT_EQ(digest_size(ScramHash::kSha384), 48u);
  EXPECT_EQ(digest_size(ScramHash::kSha512), 64u);
  EXPECT_EQ(hash_name(ScramHash::kSha224), "SHA-224");
}

// RFC 6070 §2 PBKDF2-HMAC-SHA1 vectors (Hi with dkLen = 20).
TEST(ScramKeys, SaltedPasswordMatchesRfc6070) {
  EXPECT_EQ(hex(salted_password(ScramHash::kSha1, "password", "salt", 1)),
            "0c60c80f961f0e71f3a9b524af6012062fe037a6");
  EXPECT_EQ(hex(salted_password(ScramHash::kSha1, "password", "salt", 4096)),
            "4b007901b765489abead49d926f721d065a429c1");
}

// RFC 5802 §5: the stored and server keys for "pencil" follow from the example's messages;
// checked end to end in scram_mechanism_test.cpp. Here: the keys agree with their definition.
TEST(ScramKeys, MakeScramKeysFollowsRfc5802Definitions) {
  const std::string salt = unb64("QSXCR+Q6sek8bf92");
  const ScramKeys keys = make_scram_keys(ScramHash::kSha1, "pencil", salt, 4096);
  const std::string salted = salted_password(ScramHash::kSha1, "pencil", salt, 4096);
  EXPECT_EQ(keys.hash, ScramHash::kSha1);
  EXPECT_EQ(keys.salt, salt);
  EXPECT_EQ(keys.iterations, 4096);
  EXPECT_EQ(keys.stored_key,
            digest(ScramHash::kSha1, hmac(ScramHash::kSha1, salted, "Client Key")));
  EXPECT_EQ(keys.server_key, hmac(ScramHash::kSha1, salted, "Server Key"));
  EXPECT_EQ(b64(keys.stored_key), "6dlGYMOdZcOPutkcNY8U2g7vK9Y=");
  EXPECT_EQ(b64(keys.server_key), "D+CSWLOshSulAsxiupA+qs2/fTE=");
}

// RFC 4231 test case 2 (HMAC-SHA-256) and the FIPS 180-2 "abc" digest.
TEST(ScramKeys, HmacAndDigestMatchKnownVectors) {
  EXPECT_EQ(hex(hmac(ScramHash::kSha256, "Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(hex(digest(ScramHash::kSha256, "abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(ScramKeys, NormalizesPasswordsWithSaslprep) {
  EXPECT_EQ(normalize_password("pencil"), "pencil");
  EXPECT_EQ(normalize_password("I\xC2\xAD"
                               "X"),
            "IX");                                      // RFC 4013 §3: soft hyphen
  EXPECT_EQ(normalize_password("\xE2\x85\xA8"), "IX");  // U+2168 ROMAN NUMERAL NINE
  EXPECT_EQ(normalize_password("a\xC2\xA0"
                               "b"),
            "a b");  // no-break space → space
  EXPECT_EQ(normalize_password(std::string("a\x07", 2)), std::string("a\x07", 2));  // as given
}

TEST(ScramKeys, RandomBytesAreFreshAndSized) {
  EXPECT_EQ(random_bytes(0), "");
  const std::string a = random_bytes(24);
  EXPECT_EQ(a.size(), 24u);
  EXPECT_NE(a, random_bytes(24));
}

TEST(ScramKeys, ConstantTimeEqualComparesContentsAndSize) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_TRUE(constant_time_equal("", ""));
  EXPECT_EQ(xor_bytes(std::string("\x0f\xf0", 2), std::string("\xff\xff", 2)),
            std::string("\xf0\x0f", 2));
}

}  // namespace
}  // namespace meerkat::auth::scram
