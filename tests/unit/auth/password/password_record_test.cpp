// SPDX-License-Identifier: Apache-2.0
#include "auth/password/password_record.hpp"

#include <gtest/gtest.h>

#include <string>

namespace meerkat::auth::password {
namespace {

using scram::ScramHash;

config::PasswordOptions scram_options(std::optional<std::vector<config::HashFunction>> hash) {
  return config::PasswordOptions{
      .format = config::PasswordFormat::kScram, .hash = std::move(hash), .scram_iterations = 64};
}

config::PasswordOptions plain_options() {
  return config::PasswordOptions{
      .format = config::PasswordFormat::kPlain, .hash = std::nullopt, .scram_iterations = 64};
}

TEST(PasswordRecord, PlainFormatKeepsOnlyThePassword) {
  const PasswordRecord record = make_password_record("secret", plain_options());
  EXPECT_EQ(record.plain, "secret");
  EXPECT_TRUE(record.scram.empty());
  EXPECT_EQ(record.keys_for(ScramHash::kSha256), nullptr);
}

TEST(PasswordRecord, ScramFormatWithDefaultsHasEveryHashAndNoPassword) {
  const PasswordRecord record = make_password_record("secret", config::PasswordOptions{});
  EXPECT_FALSE(record.plain);
  ASSERT_EQ(record.scram.size(), 5u);
  for (ScramHash hash : scram::kAllScramHashes) {
    const scram::ScramKeys* keys = record.keys_for(hash);
    ASSERT_NE(keys, nullptr);
    EXPECT_EQ(keys->iterations, 10000);
    EXPECT_EQ(keys->salt.size(), static_cast<std::size_t>(kSaltSize));
    EXPECT_EQ(keys->stored_key.size(), scram::digest_size(hash));
  }
  EXPECT_NE(record.keys_for(ScramHash::kSha1)->salt, record.keys_for(ScramHash::kSha256)->salt);
  EXPECT_EQ(serialize(record).find("secret"), std::string::npos);
}

TEST(PasswordRecord, ScramFormatHonoursTheHashList) {
  const PasswordRecord record = make_password_record(
      "secret", scram_options({{config::HashFunction::kSha256, config::HashFunction::kSha512}}));
  ASSERT_EQ(record.scram.size(), 2u);
  EXPECT_NE(record.keys_for(ScramHash::kSha256), nullptr);
  EXPECT_NE(record.keys_for(ScramHash::kSha512), nullptr);
  EXPECT_EQ(record.keys_for(ScramHash::kSha1), nullptr);
  EXPECT_EQ(record.keys_for(ScramHash::kSha256)->iterations, 64);
}

TEST(PasswordRecord, SerializeParseRoundTrips) {
  const PasswordRecord scram_record = make_password_record("secret", scram_options(std::nullopt));
  const std::string text = serialize(scram_record);
  EXPECT_TRUE(text.starts_with("meerkat1 sha-1:64:"));
  auto parsed = parse_password_record(text);
  ASSERT_TRUE(parsed) << parsed.error().text;
  EXPECT_EQ(serialize(*parsed), text);
  ASSERT_EQ(parsed->scram.size(), 5u);
  EXPECT_EQ(parsed->scram[4].stored_key, scram_record.scram[4].stored_key);
  EXPECT_EQ(parsed->scram[4].server_key, scram_record.scram[4].server_key);
  EXPECT_EQ(parsed->scram[4].salt, scram_record.scram[4].salt);

  const PasswordRecord plain_record = make_password_record("p\xC3\xA4ss word:", plain_options());
  EXPECT_EQ(serialize(plain_record), "meerkat1 plain:cMOkc3Mgd29yZDo=");
  auto plain = parse_password_record(serialize(plain_record));
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->plain, "p\xC3\xA4ss word:");
}

TEST(PasswordRecord, ParseRejectsMalformedRecords) {
  const std::string keys20 = "AAAAAAAAAAAAAAAAAAAAAAAAAAA=";  // 20 bytes
  const std::string good = "meerkat1 sha-1:4096:c2FsdA==:" + keys20 + ":" + keys20;
  ASSERT_TRUE(parse_password_record(good));
  for (const std::string& bad : {
           std::string(""),
           std::string("meerkat1"),  // no credentials
           std::string("meerkat2 plain:cA=="),
           std::string("meerkat1  plain:cA=="),  // empty field
           std::string("meerkat1 plain"), std::string("meerkat1 plain:c A=="),
           std::string("meerkat1 plain:cA== plain:cA=="),
           std::string("meerkat1 md5:1:c2FsdA==:" + keys20 + ":" + keys20),
           std::string("meerkat1 sha-1:0:c2FsdA==:" + keys20 + ":" + keys20),
           std::string("meerkat1 sha-1:x:c2FsdA==:" + keys20 + ":" + keys20),
           std::string("meerkat1 sha-1:4096::" + keys20 + ":" + keys20),
           std::string("meerkat1 sha-1:4096:c2FsdA==:" + keys20),
           std::string("meerkat1 sha-256:4096:c2FsdA==:" + keys20 + ":" + keys20),  // size
           good + " sha-1:4096:c2FsdA==:" + keys20 + ":" + keys20,                  // duplicate
       }) {
    auto parsed = parse_password_record(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().text.find("cA=="), std::string::npos);  // no contents in errors
  }
}

TEST(PasswordRecord, VerifiesPlainRecords) {
  const PasswordRecord record = make_password_record("secret", plain_options());
  EXPECT_TRUE(verify_password(record, "secret"));
  EXPECT_FALSE(verify_password(record, "Secret"));
  EXPECT_FALSE(verify_password(record, "secret "));
  EXPECT_FALSE(verify_password(record, ""));
}

TEST(PasswordRecord, VerifiesScramRecordsWithTheStrongestHash) {
  const PasswordRecord record = make_password_record("secret", scram_options(std::nullopt));
  EXPECT_TRUE(verify_password(record, "secret"));
  EXPECT_FALSE(verify_password(record, "secreT"));
  // Only the strongest hash is consulted: breaking the others changes nothing.
  PasswordRecord tampered = record;
  for (auto& keys : tampered.scram) {
    if (keys.hash != ScramHash::kSha512) keys.stored_key[0] ^= 1;
  }
  EXPECT_TRUE(verify_password(tampered, "secret"));
  tampered.scram.back().stored_key[0] ^= 1;
  EXPECT_FALSE(verify_password(tampered, "secret"));
  EXPECT_FALSE(verify_password(PasswordRecord{}, "secret"));
}

}  // namespace
}  // namespace meerkat::auth::password
