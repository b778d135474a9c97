// SPDX-License-Identifier: Apache-2.0
#include "auth/sasl/plain_mechanism.hpp"

#include <gtest/gtest.h>

#include <string>

namespace meerkat::auth::sasl {
namespace {

using Kind = SaslStep::Kind;
using namespace std::string_literals;

SaslContext context() {
  SaslContext ctx;
  ctx.host = "example.com";
  return ctx;
}

password::PasswordRecord plain_record(std::string password) {
  password::PasswordRecord record;
  record.plain = std::move(password);
  return record;
}

password::PasswordRecord scram_record(std::string_view password) {
  password::PasswordRecord record;
  record.scram.push_back(scram::make_scram_keys(scram::ScramHash::kSha256, password, "salt", 64));
  return record;
}

SaslStep run(std::string_view message, std::optional<password::PasswordRecord> record) {
  PlainMechanism mechanism(context());
  SaslStep step = mechanism.start(message);
  if (step.kind != Kind::kNeedCredentials) return step;
  return mechanism.credentials(std::move(record));
}

TEST(SaslPlain, AcceptsTheRightPasswordForPlainAndScramRecords) {
  for (const auto& record : {plain_record("r0m30"), scram_record("r0m30")}) {
    const SaslStep step = run("\0juliet\0r0m30"s, record);
    ASSERT_EQ(step.kind, Kind::kSuccess) << step.text;
    EXPECT_EQ(step.username, "juliet");
    EXPECT_EQ(step.authzid, "");
    EXPECT_EQ(step.data, "");
  }
}

TEST(SaslPlain, AsksForCredentialsWithThePreparedUsername) {
  PlainMechanism mechanism(context());
  const SaslStep step = mechanism.start("\0Juliet\0r0m30"s);
  ASSERT_EQ(step.kind, Kind::kNeedCredentials);
  EXPECT_EQ(step.username, "juliet");
  EXPECT_TRUE(step.text.empty());
  EXPECT_TRUE(step.data.empty());  // the password never leaves the mechanism
}

TEST(SaslPlain, RejectsAWrongPasswordAndAnUnknownUserAlike) {
  const SaslStep wrong = run("\0juliet\0wrong"s, scram_record("r0m30"));
  const SaslStep unknown = run("\0nobody\0r0m30"s, std::nullopt);
  for (const SaslStep& step : {wrong, unknown}) {
    EXPECT_EQ(step.kind, Kind::kFailure);
    EXPECT_EQ(step.failure, SaslFailure::kNotAuthorized);
    EXPECT_EQ(step.text, "authentication failed");
  }
}

TEST(SaslPlain, AcceptsTheOwnBareJidAsAuthzid) {
  const SaslStep step = run("juliet@Example.com\0juliet\0r0m30"s, plain_record("r0m30"));
  ASSERT_EQ(step.kind, Kind::kSuccess) << step.text;
  EXPECT_EQ(step.authzid, "juliet@Example.com");
}

TEST(SaslPlain, RejectsAnyOtherAuthzid) {
  for (const std::string& message :
       {"romeo@example.com\0juliet\0r0m30"s, "juliet@example.org\0juliet\0r0m30"s,
        "juliet@example.com/balcony\0juliet\0r0m30"s, "example.com\0juliet\0r0m30"s,
        "@@\0juliet\0r0m30"s}) {
    const SaslStep step = run(message, plain_record("r0m30"));
    EXPECT_EQ(step.kind, Kind::kFailure);
    EXPECT_EQ(step.failure, SaslFailure::kInvalidAuthzid);
  }
}

TEST(SaslPlain, RejectsMalformedMessages) {
  for (const std::string& message :
       {"juliet"s, "\0juliet"s, "\0juliet\0"s, "\0\0r0m30"s, "\0juliet\0r0m30\0"s,
        "\0jul@iet\0r0m30"s, "\0"s + std::string(1025, 'a') + "\0r0m30"s}) {
    const SaslStep step = run(message, plain_record("r0m30"));
    EXPECT_EQ(step.kind, Kind::kFailure);
    EXPECT_EQ(step.failure, SaslFailure::kMalformedRequest);
  }
}

TEST(SaslPlain, AcceptsFieldsOf255Octets) {
  const std::string password(255, 'p');
  EXPECT_EQ(run("\0juliet\0"s + password, plain_record(password)).kind, Kind::kSuccess);
}

TEST(SaslPlain, WaitsForTheMessageWithoutInitialResponse) {
  PlainMechanism mechanism(context());
  SaslStep step = mechanism.start("");
  ASSERT_EQ(step.kind, Kind::kChallenge);
  step = mechanism.respond("\0juliet\0r0m30"s);
  ASSERT_EQ(step.kind, Kind::kNeedCredentials);
  EXPECT_EQ(mechanism.credentials(plain_record("r0m30")).kind, Kind::kSuccess);
  EXPECT_EQ(mechanism.respond("\0juliet\0r0m30"s).kind, Kind::kFailure);
}

}  // namespace
}  // namespace meerkat::auth::sasl
